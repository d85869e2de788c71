/**
 * The helper thread of `zstd_pool.ts`: compresses or decompresses the chunks
 * it is sent and sends each result back on the pool's port, then bumps the
 * shared completion counter the calling thread waits on. Holds no state of
 * its own beyond the port.
 * @module
 */

import { type MessagePort, parentPort } from "node:worker_threads";
import { zstdCompress, zstdDecompress } from "./zstd.ts";
import type { PoolJob, PoolReply, PoolSetup } from "./zstd_pool.ts";

let port: MessagePort | null = null;
let counter: Int32Array | null = null;

/** `out` as a whole ArrayBuffer of its own, which can be transferred. */
function own(out: Uint8Array): ArrayBuffer {
  const whole = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength;
  return (whole ? out : out.slice()).buffer as ArrayBuffer;
}

parentPort!.on("message", (m: PoolSetup | PoolJob) => {
  if ("port" in m) {
    port = m.port;
    counter = new Int32Array(m.counter);
    Atomics.store(counter, 1, 1); // ready
    return;
  }
  let reply: PoolReply;
  try {
    const src = new Uint8Array(m.input, 0, m.length);
    const out = m.rawLength < 0
      ? zstdCompress(src, m.level)
      : zstdDecompress(src, m.rawLength, "chunk");
    const buf = own(out);
    reply = { id: m.id, input: m.input, out: buf, length: out.length };
    port!.postMessage(reply, [m.input, buf]);
  } catch (e) {
    // The caller redoes the job itself and so reports the error as its own.
    reply = { id: m.id, input: m.input, out: null, length: 0, error: String(e) };
    port!.postMessage(reply, [m.input]);
  }
  Atomics.add(counter!, 0, 1);
  Atomics.notify(counter!, 0);
});
