export { CacheStore } from "./cache-store.js";
export { CACHE_API_TARGET, CACHE_SERVICE } from "./plugin.js";
export { serveCacheRequest } from "./serve-cache-request.js";
