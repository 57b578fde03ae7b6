/** Module name of the KV read cache inside a worker's isolate. */
export const KV_CACHE_MODULE = "__outpost_kv_cache.js";

/** Most keys the cache holds per binding; the oldest are dropped first. */
const MAX_CACHED_KEYS = 10_000;
/** Largest value (bytes) worth caching; larger ones are always read from the store. */
const MAX_CACHED_VALUE_BYTES = 1024 * 1024;

/**
 * Source of a module that wraps a worker's native KV binding with a read cache in its isolate.
 * A read that passes `cacheTtl` may be served from memory for that many seconds, the staleness
 * Cloudflare's KV allows for such reads; reads without `cacheTtl` always reach the store, so a
 * write from elsewhere (`outpost kv`, another worker) is seen at once by them. This isolate's own
 * `put` and `delete` drop the key from the cache before they write.
 */
export function kvCacheSource(): string {
  return `const MAX_KEYS = ${MAX_CACHED_KEYS};
const MAX_VALUE_BYTES = ${MAX_CACHED_VALUE_BYTES};
const caches = new Map();
const decoder = new TextDecoder();
const TYPES = new Set(["text", "json", "arrayBuffer", "stream"]);

function cacheFor(name) {
  let cache = caches.get(name);
  if (cache === undefined) caches.set(name, (cache = new Map()));
  return cache;
}

function validTtl(options) {
  const ttl = options !== null && typeof options === "object" ? options.cacheTtl : undefined;
  return Number.isInteger(ttl) && ttl >= 30 ? ttl : undefined;
}

function typeOf(options) {
  return typeof options === "string" ? options : (options?.type ?? "text");
}

function convert(bytes, type) {
  if (bytes === null) return null;
  if (type === "text") return decoder.decode(bytes);
  if (type === "json") return JSON.parse(decoder.decode(bytes));
  if (type === "arrayBuffer") return bytes.slice(0);
  return new Response(bytes.slice(0)).body;
}

export function cachingKv(name, binding) {
  const cache = cacheFor(name);
  async function cached(key, options) {
    const ttl = validTtl(options);
    const type = typeOf(options);
    if (ttl === undefined || typeof key !== "string" || !TYPES.has(type)) return undefined;
    const now = Date.now();
    let entry = cache.get(key);
    if (entry === undefined || entry.until <= now) {
      const result = await binding.getWithMetadata(key, { type: "arrayBuffer", cacheTtl: ttl });
      entry = { value: result.value, metadata: result.metadata, until: now + ttl * 1000 };
      cache.delete(key);
      if (entry.value === null || entry.value.byteLength <= MAX_VALUE_BYTES) {
        cache.set(key, entry);
        if (cache.size > MAX_KEYS) cache.delete(cache.keys().next().value);
      }
    }
    return entry;
  }
  return {
    async get(key, options) {
      const entry = await cached(key, options);
      return entry === undefined ? binding.get(key, options) : convert(entry.value, typeOf(options));
    },
    async getWithMetadata(key, options) {
      const entry = await cached(key, options);
      if (entry === undefined) return binding.getWithMetadata(key, options);
      return { value: convert(entry.value, typeOf(options)), metadata: entry.metadata, cacheStatus: null };
    },
    put(key, value, options) {
      cache.delete(key);
      return binding.put(key, value, options);
    },
    delete(key) {
      cache.delete(key);
      return binding.delete(key);
    },
    list(options) {
      return binding.list(options);
    },
  };
}
`;
}
