/** x87 instructions (filled in by their owner). @module */

export {};
