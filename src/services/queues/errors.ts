import { OutpostError } from "../../errors.js";

export type QueueErrorCode =
  /** A message or batch over Cloudflare's limits (HTTP 413). */
  | "ERR_QUEUE_TOO_LARGE"
  /** A request the queue binding's protocol does not have. */
  | "ERR_QUEUE_PROTOCOL";

/** A refused send; `status` is what the binding sees, `message` the text it reports. */
export class QueueError extends OutpostError<QueueErrorCode> {
  constructor(
    code: QueueErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(code, message);
  }
}
