import { R2Error } from "./errors.js";

/** Bytes of UTF-8 a key may hold. */
export const MAX_KEY_BYTES = 1024;
/** Bytes a single `put` may upload: 5 GiB − 5 MiB, as in R2 (decimal units). */
export const MAX_PUT_BYTES = 5 * 1000 ** 3 - 5 * 1000 ** 2;
/** Bytes every part but the last of a multipart upload must reach. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
/** Parts an upload may have. */
export const MAX_PART_NUMBER = 10_000;
/** Bytes of custom metadata (keys plus values) an object may carry. */
export const MAX_CUSTOM_METADATA_BYTES = 2048;
/** Objects or prefixes one `list` page returns at most. */
export const MAX_LIST_LIMIT = 1000;
/** Keys one bulk delete may name (the binding's `delete(keys)` and S3's DeleteObjects). */
export const MAX_DELETE_KEYS = 1000;
/** Notification rules a bucket may have. */
export const MAX_NOTIFICATION_RULES = 5;

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Refuses a key R2 refuses: over 1024 bytes, or not valid Unicode. The empty key is valid. */
export function checkKey(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES || UNPAIRED_SURROGATE.test(key)) throw new R2Error("InvalidObjectName");
}

export function checkBucketName(name: string): void {
  if (!BUCKET_NAME.test(name)) {
    throw new R2Error(
      "InvalidBucketName",
      `The bucket name "${name}" is not valid: use 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.`,
    );
  }
}

export function checkCustomMetadata(metadata: Record<string, string> | undefined): void {
  if (metadata === undefined) return;
  let bytes = 0;
  for (const [key, value] of Object.entries(metadata)) bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  if (bytes > MAX_CUSTOM_METADATA_BYTES) throw new R2Error("MetadataTooLarge");
}

export function checkListLimit(limit: number | undefined): number {
  if (limit === undefined) return MAX_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) throw new R2Error("InvalidMaxKeys");
  return limit;
}


/** Refuses a bulk delete of no key or of more than 1000, as R2 does, before anything is deleted. */
export function checkDeleteKeyCount(count: number): void {
  if (count < 1 || count > MAX_DELETE_KEYS) throw new R2Error("InvalidDeleteKeyCount");
}
