/**
 * The object-graph codec: turns the kernel's web of plain-data objects
 * (processes, threads, open files, inodes, pipes, wait records...) into a
 * flat table of nodes that CBOR can carry, and back, preserving identity and
 * cycles (two descriptors sharing one open file still share it after a
 * restore). It is also the machine's deep copy (`cloneGraph`), which
 * `Machine.fork` uses without going through bytes.
 *
 * Classes must be registered (`ClassCodec`): a snapshot names classes, never
 * code, and an object of an unregistered class, a function or a symbol in the
 * graph is refused when writing (`invalid-state`, with the path to it), so
 * guest state cannot hide in closures unnoticed. The table format is
 * specified in docs/SNAPSHOT.md ("kernel" chunk).
 * @module
 */

import { check, SnapshotError } from "./errors.ts";

/** Node kinds of the table (first element of each node). */
export const N_OBJECT = 0,
  N_ARRAY = 1,
  N_MAP = 2,
  N_SET = 3,
  N_BUFFER = 4,
  N_VIEW = 5,
  N_CUSTOM = 6;

/** A typed-array class. */
type TypedArrayClass = {
  new (b: ArrayBuffer, offset: number, length: number): ArrayBufferView;
  BYTES_PER_ELEMENT: number;
};

/** The typed arrays the graph may hold, by name. */
const TYPED: Record<string, TypedArrayClass> = {
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Int32Array,
  Float64Array,
};

/** First element of the two-element array a bigint value is written as (a reference has one element). */
const BIGINT = "big";

/** Field names that must never be assigned from a snapshot (prototype pollution). */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Size of the blocks of the side table: every ArrayBuffer of exactly this size
 * (address-space pages, file pages) is stored there instead of inline, so the
 * table itself stays small whatever the files hold.
 */
export const BLOB_SIZE = 4096;

/** Shared by the writer and the reader of one graph: where page bytes go. */
export interface GraphContext {
  /** Index of `data` in the side table of large byte blocks (page contents), added if new. */
  blob(data: Uint8Array): number;
  /**
   * The block at `index` of the side table (reading): with `whole`, one that
   * is all of its buffer, which every later call for `index` then returns too.
   */
  blobAt(index: number, whole?: boolean): Uint8Array;
  /** The index of the side-table block whose bytes are all of `buffer`, if one is (writing). */
  blobOf(buffer: ArrayBuffer): number | undefined;
}

/** How the codec treats the instances of one class. */
export interface ClassCodec<T extends object = object> {
  /** Stable name in snapshots. */
  readonly name: string;
  /** The class (its prototype is given to rebuilt instances). */
  // deno-lint-ignore no-explicit-any
  readonly ctor: abstract new (...args: any[]) => T;
  /** Fields that are caches or host handles, not state: neither saved nor copied. */
  readonly skip?: readonly string[];
  /** Fill the skipped fields of a rebuilt or copied instance. */
  readonly revive?: (obj: T) => void;
  /** Custom record instead of the instance's own fields (then `load` and `clone` are required). */
  readonly save?: (obj: T, ctx: GraphContext) => Record<string, unknown>;
  /** Rebuild from a `save` record whose references are already resolved. */
  readonly load?: (rec: Record<string, unknown>, ctx: GraphContext) => T;
  /**
   * Copy for `cloneGraph` (custom classes only): `copy` copies what the object
   * refers to; `copies` maps originals to copies made so far.
   */
  readonly clone?: (obj: T, copy: (v: unknown) => unknown, copies: Map<unknown, unknown>) => T;
}

/** The registry: codecs by class and by name. */
export class ClassRegistry {
  private readonly byCtor = new Map<unknown, ClassCodec>();
  private readonly byName = new Map<string, ClassCodec>();

  // deno-lint-ignore no-explicit-any
  constructor(codecs: readonly ClassCodec<any>[]) {
    for (const c of codecs as ClassCodec[]) {
      if (this.byName.has(c.name)) throw new Error(`class codec ${c.name} registered twice`);
      this.byCtor.set(c.ctor.prototype, c);
      this.byName.set(c.name, c);
    }
  }

  /** The codec of an object's class (null for a plain object), or undefined if unregistered. */
  of(obj: object): ClassCodec | null | undefined {
    const proto = Object.getPrototypeOf(obj);
    if (proto === Object.prototype) return null;
    return this.byCtor.get(proto);
  }

  /** The codec registered under `name`. */
  named(name: string): ClassCodec | undefined {
    return this.byName.get(name);
  }
}

/** An encoded graph: plain CBOR-ready data. */
export interface EncodedGraph {
  /** Object shapes: [class name ("" for plain objects), field names]. */
  shapes: [string, string[]][];
  /** Class names of custom nodes. */
  classes: string[];
  /** The nodes; node 0 is the root. */
  nodes: unknown[][];
}

function describe(v: unknown): string {
  if (typeof v === "function") return `a function (${v.name || "anonymous"})`;
  if (typeof v === "object" && v !== null) {
    return `an object of unregistered class ${Object.getPrototypeOf(v)?.constructor?.name ?? "?"}`;
  }
  return `a ${typeof v}`;
}

/**
 * Where a value sits, kept as its container's node id and a step, so that the
 * path text of an error is only built when there is an error (building it for
 * every value cost a third of a 64 MiB snapshot's graph walk).
 */
const enum Step {
  Field, // .name
  Index, // [i]
  MapKey, // .key
  MapValue, // .get(key)
  SetItem, // .item
}

/** Turn the graph reachable from `root` into a node table. */
export function encodeGraph(root: object, reg: ClassRegistry, ctx: GraphContext): EncodedGraph {
  const ids = new Map<object, number>();
  // For each node after the root: its container's id, the step to it, and the step's key.
  const parents: number[] = [-1];
  const steps: Step[] = [Step.Field];
  const stepKeys: unknown[] = [""];
  const pending: object[] = [];
  const nodes: unknown[][] = [];
  const shapes: [string, string[]][] = [];
  const shapeIds = new Map<string, number>();
  const classes: string[] = [];
  const classIds = new Map<string, number>();

  const pathOf = (id: number, step?: Step, key?: unknown): string => {
    const parts: string[] = [];
    const add = (st: Step, k: unknown) =>
      parts.push(
        st === Step.Field
          ? `.${k}`
          : st === Step.Index
          ? `[${k}]`
          : st === Step.MapKey
          ? ".key"
          : st === Step.MapValue
          ? `.get(${k})`
          : ".item",
      );
    if (step !== undefined) add(step, key);
    for (let i = id; i > 0; i = parents[i]) add(steps[i], stepKeys[i]);
    return "root" + parts.reverse().join("");
  };
  // The container being walked (for ref and value).
  let at = 0;
  const ref = (o: object, step: Step, key: unknown): [number] => {
    let id = ids.get(o);
    if (id === undefined) {
      id = ids.size;
      ids.set(o, id);
      pending.push(o);
      if (id > 0) {
        parents.push(at);
        steps.push(step);
        stepKeys.push(key);
      }
    }
    return [id];
  };
  const value = (v: unknown, step: Step, key: unknown): unknown => {
    switch (typeof v) {
      case "number":
      case "string":
      case "boolean":
      case "undefined":
        return v;
      case "bigint":
        return [BIGINT, v.toString()];
      case "object":
        return v === null ? null : ref(v, step, key);
      default:
        throw new SnapshotError("invalid-state", `${pathOf(at, step, key)} is ${describe(v)}`);
    }
  };
  const shapeOf = (cls: string, keys: string[]): number => {
    const key = `${cls}\0${keys.join("\0")}`;
    let id = shapeIds.get(key);
    if (id === undefined) {
      id = shapes.length;
      shapeIds.set(key, id);
      shapes.push([cls, keys]);
    }
    return id;
  };

  const buffers: number[] = [];
  ref(root, Step.Field, "");
  for (let i = 0; i < pending.length; i++) {
    const o = pending[i];
    at = i;
    if (Array.isArray(o)) {
      const node: unknown[] = [N_ARRAY];
      for (let k = 0; k < o.length; k++) node.push(value(o[k], Step.Index, k));
      nodes.push(node);
    } else if (o instanceof Map) {
      const node: unknown[] = [N_MAP];
      for (const [k, v] of o) node.push(value(k, Step.MapKey, k), value(v, Step.MapValue, k));
      nodes.push(node);
    } else if (o instanceof Set) {
      const node: unknown[] = [N_SET];
      for (const v of o) node.push(value(v, Step.SetItem, null));
      nodes.push(node);
    } else if (o instanceof ArrayBuffer) {
      buffers.push(nodes.length);
      nodes.push([N_BUFFER, o]); // completed at the end, once every page has been placed
    } else if (ArrayBuffer.isView(o)) {
      // Views keep their buffer, so arrays that share bytes still share them after a restore.
      const name = o.constructor.name;
      if (!Object.hasOwn(TYPED, name) || !(o.buffer instanceof ArrayBuffer)) {
        throw new SnapshotError("invalid-state", `${pathOf(i)} is a ${name}`);
      }
      const length = o.byteLength / TYPED[name].BYTES_PER_ELEMENT;
      nodes.push([N_VIEW, name, value(o.buffer, Step.Field, "buffer"), o.byteOffset, length]);
    } else {
      const codec = reg.of(o);
      if (codec === undefined) {
        throw new SnapshotError("invalid-state", `${pathOf(i)} is ${describe(o)}`);
      }
      if (codec?.save) {
        let cid = classIds.get(codec.name);
        if (cid === undefined) {
          cid = classes.length;
          classIds.set(codec.name, cid);
          classes.push(codec.name);
        }
        const rec = codec.save(o as never, ctx);
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(rec)) out[k] = value(rec[k], Step.Field, k);
        nodes.push([N_CUSTOM, cid, out]);
      } else {
        const skip = codec?.skip;
        const keys = Object.keys(o).filter((k) => skip === undefined || !skip.includes(k));
        const node: unknown[] = [N_OBJECT, shapeOf(codec?.name ?? "", keys)];
        const rec = o as Record<string, unknown>;
        for (const k of keys) node.push(value(rec[k], Step.Field, k));
        nodes.push(node);
      }
    }
  }
  // A buffer that is also a page's bytes is stored once, in the side table; so
  // is every other page-sized buffer (file contents), keeping the table small.
  for (const i of buffers) {
    const buf = nodes[i][1] as ArrayBuffer;
    const blob = ctx.blobOf(buf) ??
      (buf.byteLength === BLOB_SIZE ? ctx.blob(new Uint8Array(buf)) : undefined);
    nodes[i] = blob === undefined ? [N_BUFFER, new Uint8Array(buf)] : [N_BUFFER, null, blob];
  }
  return { shapes, classes, nodes };
}

/**
 * Rebuild the graph of an encoded table (validated: a bad table is a `corrupt`
 * SnapshotError; with a `schema`, a class whose fields differ from it is
 * refused as `unknown-version`).
 */
export function decodeGraph(
  g: EncodedGraph,
  reg: ClassRegistry,
  ctx: GraphContext,
  schema: Readonly<Record<string, readonly string[]>> | null = null,
): object {
  const { nodes } = g;
  check(Array.isArray(nodes) && nodes.length > 0, "the graph has no nodes");
  check(Array.isArray(g.shapes) && Array.isArray(g.classes), "the graph has no shape tables");
  const shapes = g.shapes.map((s, i) => {
    check(
      Array.isArray(s) && s.length === 2 && typeof s[0] === "string" && Array.isArray(s[1]),
      `shape ${i} is malformed`,
    );
    const [cls, keys] = s;
    const codec = cls === "" ? null : reg.named(cls);
    check(codec !== undefined && !codec?.save, `shape ${i} names unknown class "${cls}"`);
    for (const k of keys) {
      check(typeof k === "string" && !FORBIDDEN_KEYS.has(k), `shape ${i} has a bad field name`);
    }
    const want = codec === null || schema === null ? null : schema[cls];
    if (want !== null && (want === undefined || want.join() !== keys.join())) {
      throw new SnapshotError(
        "unknown-version",
        `class ${cls} has the fields [${keys.join(", ")}] in the snapshot, [${want?.join(", ")}] ` +
          "here: it was written by a linuxvm with other kernel records (after changing a kernel " +
          "class, regenerate lib/checkpoint/kernel_schema.json with tools/gen_kernel_schema.ts)",
      );
    }
    return { codec, keys: keys as string[] };
  });
  const classes = g.classes.map((name, i) => {
    const codec = typeof name === "string" ? reg.named(name) : undefined;
    check(codec?.load !== undefined, `custom class ${i} ("${name}") is unknown`);
    return codec!;
  });

  // Pass 1: an empty shell for every node but custom ones (built on demand, pass 2).
  const objs: (object | undefined)[] = new Array(nodes.length);
  nodes.forEach((node, i) => {
    check(Array.isArray(node) && node.length > 0, `node ${i} is malformed`);
    switch (node[0]) {
      case N_OBJECT: {
        const s = shapes[node[1] as number];
        check(s !== undefined && node.length === s.keys.length + 2, `node ${i} has a bad shape`);
        objs[i] = Object.create(s.codec === null ? Object.prototype : s.codec.ctor.prototype);
        break;
      }
      case N_ARRAY:
        objs[i] = new Array(node.length - 1);
        break;
      case N_MAP:
        check(node.length % 2 === 1, `node ${i} is a map with a key and no value`);
        objs[i] = new Map();
        break;
      case N_SET:
        objs[i] = new Set();
        break;
      case N_BUFFER:
        if (node[1] === null) {
          const b = ctx.blobAt(node[2] as number, true);
          check(b.byteLength === b.buffer.byteLength, `node ${i} is a bad page reference`);
          objs[i] = b.buffer;
        } else {
          check(node[1] instanceof Uint8Array, `node ${i} holds no bytes`);
          objs[i] = new Uint8Array(node[1] as Uint8Array).buffer;
        }
        break;
      case N_VIEW: // built once every buffer exists, below
        break;
      case N_CUSTOM:
        check(
          classes[node[1] as number] !== undefined && typeof node[2] === "object" &&
            node[2] !== null && !Array.isArray(node[2]),
          `node ${i} is a bad custom record`,
        );
        break;
      default:
        check(false, `node ${i} has unknown kind ${node[0]}`);
    }
  });

  nodes.forEach((node, i) => {
    if (node[0] !== N_VIEW) return;
    const [, name, ref, offset, length] = node as [number, string, unknown, number, number];
    const T = Object.hasOwn(TYPED, name) ? TYPED[name] : undefined;
    const id = Array.isArray(ref) && ref.length === 1 ? ref[0] : -1;
    const buf = objs[id];
    check(
      T !== undefined && buf instanceof ArrayBuffer && Number.isSafeInteger(offset) &&
        Number.isSafeInteger(length) && offset >= 0 && length >= 0 &&
        offset % T.BYTES_PER_ELEMENT === 0 &&
        offset + length * T.BYTES_PER_ELEMENT <= buf.byteLength,
      `node ${i} is a bad typed array`,
    );
    objs[i] = new T(buf, offset, length);
  });

  /** The node id `v` refers to, or -1 if it is a plain value (validated). */
  const refId = (v: unknown, where: number): number => {
    if (!Array.isArray(v)) {
      check(
        !(typeof v === "object" && v !== null && !(v instanceof Uint8Array)),
        `node ${where} has an inline object`,
      );
      return -1;
    }
    if (v.length === 2 && v[0] === BIGINT && typeof v[1] === "string") return -1;
    const id = v[0];
    check(
      v.length === 1 && Number.isInteger(id) && id >= 0 && id < nodes.length,
      `node ${where} has a bad reference`,
    );
    return id;
  };
  const plainValue = (v: unknown, where: number): unknown => {
    if (!Array.isArray(v)) return v;
    try {
      return BigInt(v[1]);
    } catch {
      check(false, `node ${where} has a bad bigint`);
    }
  };
  // Slots of objects and arrays that refer to custom nodes, patched once those are built.
  const fixups: [Record<string | number, unknown>, string | number][][] = [];
  const slot = (target: object, key: string | number, v: unknown, where: number): void => {
    const id = refId(v, where);
    const t = target as Record<string | number, unknown>;
    if (id < 0) t[key] = plainValue(v, where);
    else if (objs[id] !== undefined) t[key] = objs[id];
    else {
      t[key] = null; // keeps the field order (and so the object's shape) as saved
      (fixups[id] ??= []).push([t, key]);
    }
  };

  // Pass 2: fill objects and arrays.
  const revived: [ClassCodec, object][] = [];
  nodes.forEach((node, i) => {
    const o = objs[i]!;
    if (node[0] === N_OBJECT) {
      const s = shapes[node[1] as number];
      s.keys.forEach((k, j) => slot(o, k, node[j + 2], i));
      if (s.codec?.revive) revived.push([s.codec, o]);
    } else if (node[0] === N_ARRAY) {
      for (let k = 1; k < node.length; k++) slot(o, k - 1, node[k], i);
    }
  });

  // Pass 3: build custom nodes, each after the custom nodes its record reaches
  // through objects and arrays (its load may look at those).
  const state = new Uint8Array(nodes.length); // 1 building, 2 built
  const build = (id: number): void => {
    if (state[id] === 2) return;
    check(state[id] === 0, `node ${id} refers to itself through custom records`);
    state[id] = 1;
    const node = nodes[id];
    const record = node[2] as Record<string, unknown>;
    const seen = new Set<number>();
    const stack: number[] = [];
    for (const v of Object.values(record)) {
      const r = refId(v, id);
      if (r >= 0) stack.push(r);
    }
    while (stack.length > 0) {
      const r = stack.pop()!;
      if (seen.has(r)) continue;
      seen.add(r);
      const n = nodes[r];
      if (n[0] === N_CUSTOM) build(r);
      else if (n[0] === N_OBJECT || n[0] === N_ARRAY) {
        for (let k = n[0] === N_OBJECT ? 2 : 1; k < n.length; k++) {
          const c = refId(n[k], r);
          if (c >= 0) stack.push(c);
        }
      }
    }
    const codec = classes[node[1] as number];
    const rec: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) {
      check(!FORBIDDEN_KEYS.has(k), `node ${id} has a bad field name`);
      const r = refId(v, id);
      rec[k] = r < 0 ? plainValue(v, id) : objs[r];
    }
    let obj: object;
    try {
      obj = codec.load!(rec, ctx);
    } catch (e) {
      if (e instanceof SnapshotError) throw e;
      throw new SnapshotError("corrupt", `node ${id} (${codec.name}): ${e}`, { cause: e });
    }
    objs[id] = obj;
    state[id] = 2;
    for (const [t, k] of fixups[id] ?? []) t[k] = obj;
  };
  nodes.forEach((node, i) => {
    if (node[0] === N_CUSTOM) build(i);
  });

  // Pass 4: fill maps and sets (every node exists now).
  const resolve = (v: unknown, where: number): unknown => {
    const id = refId(v, where);
    return id < 0 ? plainValue(v, where) : objs[id];
  };
  nodes.forEach((node, i) => {
    if (node[0] === N_MAP) {
      const m = objs[i] as Map<unknown, unknown>;
      for (let k = 1; k < node.length; k += 2) {
        m.set(resolve(node[k], i), resolve(node[k + 1], i));
      }
    } else if (node[0] === N_SET) {
      const s = objs[i] as Set<unknown>;
      for (let k = 1; k < node.length; k++) s.add(resolve(node[k], i));
    }
  });
  for (const [codec, o] of revived) codec.revive!(o as never);
  return objs[0]!;
}

/**
 * A deep copy of the graph reachable from `root`: same shape, same sharing,
 * no object in common except what custom `clone` functions choose to share
 * (copy-on-write pages). The objects in `first` are copied before the rest
 * (address spaces, so that their pages are copied as theirs, wherever else
 * they are referenced). Custom `clone` functions receive the map from
 * originals to copies, to record copies they make of parts of their object.
 */
export function cloneGraph<T extends object>(
  root: T,
  reg: ClassRegistry,
  first: readonly object[] = [],
): T {
  const copies = new Map<unknown, unknown>();
  const work: [object, object][] = [];
  const copy = (v: unknown): unknown => {
    if (typeof v !== "object" || v === null) {
      if (typeof v === "function" || typeof v === "symbol") {
        throw new SnapshotError("invalid-state", `the machine holds ${describe(v)}`);
      }
      return v;
    }
    const done = copies.get(v);
    if (done !== undefined) return done;
    let c: object;
    if (Array.isArray(v)) c = new Array(v.length);
    else if (v instanceof Map) c = new Map();
    else if (v instanceof Set) c = new Set();
    else if (v instanceof ArrayBuffer) c = v.slice(0);
    else if (ArrayBuffer.isView(v)) {
      const T = Object.hasOwn(TYPED, v.constructor.name) ? TYPED[v.constructor.name] : undefined;
      if (T === undefined) {
        throw new SnapshotError("invalid-state", `the machine holds a ${v.constructor.name}`);
      }
      const buf = copy(v.buffer) as ArrayBuffer;
      c = new T(buf, v.byteOffset, v.byteLength / T.BYTES_PER_ELEMENT);
    } else {
      const codec = reg.of(v);
      if (codec === undefined) {
        throw new SnapshotError("invalid-state", `the machine holds ${describe(v)}`);
      }
      if (codec?.clone) {
        c = codec.clone(v as never, copy, copies);
        copies.set(v, c);
        return c;
      }
      c = Object.create(Object.getPrototypeOf(v));
    }
    copies.set(v, c);
    if (!ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer)) work.push([v, c]);
    return c;
  };
  for (const o of first) copy(o);
  const out = copy(root) as T;
  const revived: [ClassCodec, object][] = [];
  while (work.length > 0) {
    const [src, dst] = work.pop()!;
    if (Array.isArray(src)) {
      const d = dst as unknown[];
      for (let i = 0; i < src.length; i++) d[i] = copy(src[i]);
    } else if (src instanceof Map) {
      for (const [k, v] of src) (dst as Map<unknown, unknown>).set(copy(k), copy(v));
    } else if (src instanceof Set) {
      for (const v of src) (dst as Set<unknown>).add(copy(v));
    } else {
      const codec = reg.of(src)!;
      const skip = codec?.skip;
      const s = src as Record<string, unknown>, d = dst as Record<string, unknown>;
      for (const k of Object.keys(src)) {
        if (skip === undefined || !skip.includes(k)) d[k] = copy(s[k]);
      }
      if (codec?.revive) revived.push([codec, dst]);
    }
  }
  for (const [codec, o] of revived) codec.revive!(o as never);
  return out;
}
