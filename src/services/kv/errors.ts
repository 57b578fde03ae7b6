import { OutpostError } from "../../errors.js";

export type KvErrorCode =
  /** The key is empty, `.` or `..`, or its URL encoding is broken. */
  | "ERR_KEY_INVALID"
  /** The key is longer than 512 bytes (HTTP 414). */
  | "ERR_KEY_TOO_LONG"
  /** The value is larger than 25 MiB (HTTP 413). */
  | "ERR_VALUE_TOO_LARGE"
  /** The metadata is larger than 1024 bytes of JSON (HTTP 413). */
  | "ERR_METADATA_TOO_LARGE"
  /** `expiration` or `expirationTtl` is not a whole number, or too soon. */
  | "ERR_EXPIRATION_INVALID"
  /** `cacheTtl` is not a whole number of at least 30 seconds. */
  | "ERR_CACHE_TTL_INVALID"
  /** A `list` limit outside 1..1000, or a cursor this store did not hand out. */
  | "ERR_LIST_INVALID"
  /** A bulk `get` that asks for too few or too many keys, a bad type, or a non-JSON value as JSON. */
  | "ERR_BULK_INVALID"
  /** A bulk `get` whose values add up to more than 25 MiB (HTTP 413). */
  | "ERR_BULK_TOO_LARGE"
  /** A stored value's file is gone while its row still names it: the store was damaged (HTTP 500). */
  | "ERR_VALUE_FILE_MISSING"
  /** A write to Workers Sites' read-only namespace (HTTP 405). */
  | "ERR_READ_ONLY"
  /** A request the KV protocol does not have. */
  | "ERR_NOT_FOUND";

/**
 * A KV operation refused the way Cloudflare's KV backend refuses it: `status` is the HTTP status
 * and `message` its status text, which workerd's binding turns into
 * `KV <OP> failed: <status> <message>`.
 */
export class KvError extends OutpostError<KvErrorCode> {
  constructor(
    code: KvErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(code, message);
  }
}

/** A KV binding's config cannot give what was asked of it. */
export class KvConfigError extends OutpostError<
  /** `--preview` for a binding whose `kv_namespaces` entry has no `preview_id`. */
  "ERR_PREVIEW_ID_MISSING"
> {}
