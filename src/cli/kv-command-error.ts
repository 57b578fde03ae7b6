import { OutpostError } from "../errors.js";

export type KvCommandErrorCode =
  /** Neither or both of --binding and --namespace-id. */
  | "ERR_KV_NAMESPACE_UNSPECIFIED"
  /** --preview with --namespace-id, which names the namespace itself. */
  | "ERR_KV_PREVIEW_WITHOUT_BINDING"
  /** --binding names no entry of the config's kv_namespaces. */
  | "ERR_KV_BINDING_NOT_FOUND"
  /** `kv key put` got both a value and --path, or neither. */
  | "ERR_KV_VALUE_SOURCE"
  /** A bulk file is not JSON, or not in wrangler's shape. */
  | "ERR_KV_BULK_FILE_INVALID"
  /** `kv key get` of a key the namespace does not hold. */
  | "ERR_KV_KEY_NOT_FOUND"
  /** KV refused the operation, as it would refuse a worker's. */
  | "ERR_KV_REFUSED";

/** A `kv` command that cannot do what it was asked; the message names the flag, key or file at fault. */
export class KvCommandError extends OutpostError<KvCommandErrorCode> {}
