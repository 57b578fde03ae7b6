/**
 * Structured-clone values as JSON text, so the engine in Node can store and show what a workflow's
 * isolate passes it: step results, params, event payloads and outputs. Plain JSON comes out as
 * itself; what JSON cannot say (Dates, Maps, Sets, `undefined`, BigInts, binary, errors…) becomes
 * an object tagged with `$`, and a plain object that has its own `$` key is tagged too.
 *
 * Both functions are also embedded by source into the Workflows worker inside workerd, so they
 * use nothing from outside their own bodies.
 */
export function encodeValue(value: unknown): string {
  const toBase64 = (bytes: Uint8Array): string => {
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
  const seen = new Set<object>();
  const tag = (v: unknown): unknown => {
    if (v === undefined) return { $: "undefined" };
    if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0) ? v : { $: "number", v: Object.is(v, -0) ? "-0" : String(v) };
    if (typeof v === "bigint") return { $: "bigint", v: v.toString() };
    if (v === null || typeof v !== "object") {
      if (typeof v === "function" || typeof v === "symbol") throw new TypeError(`Could not serialize a ${typeof v}.`);
      return v;
    }
    if (seen.has(v)) throw new TypeError("Could not serialize a value that refers to itself.");
    seen.add(v);
    try {
      if (Array.isArray(v)) return Array.from(v, tag);
      if (v instanceof Date) return { $: "Date", v: v.getTime() };
      if (v instanceof Map) return { $: "Map", v: [...v].map(([key, item]) => [tag(key), tag(item)]) };
      if (v instanceof Set) return { $: "Set", v: [...v].map(tag) };
      if (v instanceof RegExp) return { $: "RegExp", v: [v.source, v.flags] };
      if (v instanceof ArrayBuffer) return { $: "ArrayBuffer", v: toBase64(new Uint8Array(v)) };
      if (ArrayBuffer.isView(v)) {
        const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
        return { $: "View", t: v.constructor.name, v: toBase64(bytes) };
      }
      if (v instanceof Error) return { $: "Error", v: { name: v.name, message: v.message, stack: v.stack } };
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) out[key] = tag(item);
      return Object.hasOwn(out, "$") ? { $: "Object", v: out } : out;
    } finally {
      seen.delete(v);
    }
  };
  return JSON.stringify(tag(value));
}

/** The value {@link encodeValue} encoded. */
export function decodeValue(text: string): unknown {
  const fromBase64 = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const VIEWS: Record<string, new (buffer: ArrayBuffer, offset: number, length: number) => ArrayBufferView> = {
    Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array, BigInt64Array, BigUint64Array,
  } as never;
  const untag = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(untag);
    const tagged = v as { $?: string; v?: unknown; t?: string };
    switch (tagged.$) {
      case undefined:
        return Object.fromEntries(Object.entries(v).map(([key, item]) => [key, untag(item)]));
      case "Object":
        return Object.fromEntries(Object.entries(tagged.v as object).map(([key, item]) => [key, untag(item)]));
      case "undefined":
        return undefined;
      case "number":
        return Number(tagged.v);
      case "bigint":
        return BigInt(tagged.v as string);
      case "Date":
        return new Date(tagged.v as number);
      case "Map":
        return new Map((tagged.v as [unknown, unknown][]).map(([key, item]) => [untag(key), untag(item)]));
      case "Set":
        return new Set((tagged.v as unknown[]).map(untag));
      case "RegExp":
        return new RegExp(...(tagged.v as [string, string]));
      case "ArrayBuffer":
        return fromBase64(tagged.v as string).buffer;
      case "View": {
        const bytes = fromBase64(tagged.v as string);
        if (tagged.t === "DataView") return new DataView(bytes.buffer as ArrayBuffer);
        const View = VIEWS[tagged.t as string] ?? Uint8Array;
        const size = (View as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
        return new View(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / size);
      }
      case "Error": {
        const fields = tagged.v as { name: string; message: string; stack?: string };
        return Object.assign(new Error(fields.message), fields);
      }
      default:
        throw new TypeError(`Unknown stored value tag "${tagged.$}".`);
    }
  };
  return untag(JSON.parse(text));
}
