import { OutpostError } from "../../errors.js";

export type EngineErrorCode =
  /** No instance has this id in this namespace. */
  | "ERR_INSTANCE_NOT_FOUND"
  /** An instance with this id exists already. */
  | "ERR_INSTANCE_EXISTS"
  /** `resume` of an instance that is neither paused nor pausing. */
  | "ERR_CANNOT_RESUME"
  /** `terminate` of a finished instance. */
  | "ERR_CANNOT_TERMINATE";

/** A refused lifecycle operation; the service that owns the namespace words it for its users. */
export class EngineError extends OutpostError<EngineErrorCode> {
  constructor(
    code: EngineErrorCode,
    message: string,
    readonly instanceId: string,
    readonly status?: string,
  ) {
    super(code, message);
  }
}
