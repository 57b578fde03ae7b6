export { R2Store } from "./store.js";
export type { Clock, R2StoreOptions } from "./store.js";
export { R2Error } from "./errors.js";
export type { R2ErrorCode } from "./errors.js";
export { conditionsHold } from "./conditions.js";
export type { R2Conditions } from "./conditions.js";
export { parseRangeHeader, resolveRange } from "./range.js";
export type { R2RangeRequest, ResolvedRange } from "./range.js";
export type { R2Event, R2EventListener } from "./events.js";
export { R2_HASH_ALGORITHMS } from "./object-info.js";
export { SSEC_KEY_BYTES, ssecKey } from "./ssec.js";
export type { SsecKey } from "./ssec.js";
export type {
  R2Checksums,
  R2CopyOptions,
  R2GetOptions,
  R2GetResult,
  R2HashAlgorithm,
  R2HttpMetadata,
  R2ListOptions,
  R2ListResult,
  R2ObjectInfo,
  R2PutOptions,
  R2StorageClass,
} from "./object-info.js";
export type { R2ListPartsResult, R2ListUploadsOptions, R2ListUploadsResult, R2MultipartOptions, R2UploadedPart } from "./multipart.js";
export type { BlobSegment, R2BlobStore, R2MetadataStore, StoredObject } from "./backend.js";
export * from "./limits.js";
export { R2_SERVICE, R2_BUCKET_HEADER, r2Bindings } from "./plugin.js";
export { serveR2BindingRequest } from "./binding-service.js";
export { notifyQueues } from "./queue-notifier.js";
export type { SendToQueue } from "./queue-notifier.js";
export { R2_NOTIFICATION_EVENT_TYPES } from "./notification-rules.js";
export type { R2NotificationEventType, R2NotificationMessage, R2NotificationRule } from "./notification-rules.js";
export { S3Server, S3ServerError } from "./s3/index.js";
export type { S3ServerErrorCode, S3ServerOptions } from "./s3/index.js";
