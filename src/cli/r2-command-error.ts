import { OutpostError } from "../errors.js";

export type R2CommandErrorCode =
  /** An object path without a `/` between bucket and key. */
  | "ERR_R2_OBJECT_PATH"
  /** `object put` got both --file and --pipe, or neither. */
  | "ERR_R2_VALUE_SOURCE"
  /** `object get` got both --file and --pipe, or has no file it can write. */
  | "ERR_R2_VALUE_DESTINATION"
  /** The bucket, object, rule or access key named does not exist. */
  | "ERR_R2_NOT_FOUND"
  /** R2 refused the operation, as it would refuse a worker's. */
  | "ERR_R2_REFUSED";

/** An `r2` command that cannot do what it was asked; the message names the bucket, object or flag at fault. */
export class R2CommandError extends OutpostError<R2CommandErrorCode> {}
