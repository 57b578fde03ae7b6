export { KvService, KV_NAMESPACE_HEADER } from "./kv-service.js";
export { KvNamespace } from "./namespace.js";
export type { Clock, KvBulkGetRequest, KvListOptions, KvListPage, KvPutOptions } from "./namespace.js";
export { KvError } from "./errors.js";
export type { KvErrorCode } from "./errors.js";
export { kvBindings, kvCache, KV_SERVICE } from "./plugin.js";
export type { KvEntry, KvListedKey, KvListQuery, KvStorage } from "./storage.js";
export * from "./limits.js";
