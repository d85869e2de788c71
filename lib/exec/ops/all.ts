/**
 * Imports every instruction module so each registers its handlers.
 * @module
 */
import "./alu.ts";
import "./datamov.ts";
import "./control.ts";
import "./shift.ts";
import "./muldiv.ts";
import "./bits.ts";
import "./string.ts";
import "./system.ts";
import "./sse.ts";
import "./x87.ts";
