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

/** An entry's value as the type asked for; text is decoded once per entry, other types anew for each read. */
function valueOf(entry, type) {
  if (entry.value === null) return null;
  if (type === "text") return (entry.text ??= decoder.decode(entry.value));
  if (type === "json") return JSON.parse((entry.text ??= decoder.decode(entry.value)));
  if (type === "arrayBuffer") return entry.value.slice(0);
  return new Response(entry.value.slice(0)).body;
}

export function cachingKv(name, binding) {
  const cache = cacheFor(name);

  /** The cached entry for a read that may use the cache, fetched from the store when missing or stale. */
  function entryFor(key, ttl) {
    const entry = cache.get(key);
    const now = Date.now();
    if (entry !== undefined && entry.until > now) return entry;
    return binding.getWithMetadata(key, { type: "arrayBuffer", cacheTtl: ttl }).then((result) => {
      const loaded = { value: result.value, metadata: result.metadata, until: now + ttl * 1000 };
      cache.delete(key);
      if (loaded.value === null || loaded.value.byteLength <= MAX_VALUE_BYTES) {
        cache.set(key, loaded);
        if (cache.size > MAX_KEYS) cache.delete(cache.keys().next().value);
      }
      return loaded;
    });
  }

  function cacheable(key, options) {
    return typeof key === "string" && validTtl(options) !== undefined && TYPES.has(typeOf(options));
  }

  return {
    get(key, options) {
      if (!cacheable(key, options)) return binding.get(key, options);
      const type = typeOf(options);
      const entry = entryFor(key, validTtl(options));
      return entry instanceof Promise ? entry.then((loaded) => valueOf(loaded, type)) : Promise.resolve(valueOf(entry, type));
    },
    getWithMetadata(key, options) {
      if (!cacheable(key, options)) return binding.getWithMetadata(key, options);
      const type = typeOf(options);
      const answer = (loaded) => ({ value: valueOf(loaded, type), metadata: loaded.metadata, cacheStatus: null });
      const entry = entryFor(key, validTtl(options));
      return entry instanceof Promise ? entry.then(answer) : Promise.resolve(answer(entry));
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
