export { KvService, KV_NAMESPACE_HEADER } from "./kv-service.js";
export { KvNamespace } from "./namespace.js";
export type { Clock, KvBulkGetRequest, KvListOptions, KvListPage, KvPutOptions } from "./namespace.js";
export { KvConfigError, KvError } from "./errors.js";
export type { KvErrorCode } from "./errors.js";
export { kvBindings, kvCache, kvNamespaceId, KV_SERVICE } from "./plugin.js";
export type { KvNamespaceChoice } from "./plugin.js";
export type { KvEntry, KvListedKey, KvListQuery, KvReceivedValue, KvStorage, KvStreamedValue, KvValue } from "./storage.js";
export * from "./limits.js";
