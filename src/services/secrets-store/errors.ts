import { OutpostError } from "../../errors.js";

export type SecretsStoreErrorCode =
  /** The name has characters Secrets Store refuses. */
  | "ERR_SECRET_NAME_INVALID"
  /** The value is empty or over 64 KiB, or an update changes nothing. */
  | "ERR_SECRET_VALUE_INVALID"
  /** The store already has a secret of that name. */
  | "ERR_SECRET_EXISTS"
  /** The store has no secret with that id. */
  | "ERR_SECRET_NOT_FOUND";

/** A Secrets Store request that cannot be carried out; the message names the store, secret or value's fault, never the value. */
export class SecretsStoreError extends OutpostError<SecretsStoreErrorCode> {}
