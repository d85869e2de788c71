/** datamov instructions (filled in by their owner). @module */

export {};
