/**
 * SSE and SSE2 (the only SIMD extensions the virtual CPU advertises): each
 * area registers its handlers when imported.
 * @module
 */
import "./sse_mov.ts";
import "./sse_fp.ts";
import "./sse_cvt.ts";
import "./sse_int.ts";
import "./sse_state.ts";
