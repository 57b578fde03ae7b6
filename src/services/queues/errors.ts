import { OutpostError } from "../../errors.js";

export type QueueErrorCode =
  /** A message or batch over Cloudflare's limits (HTTP 413). */
  | "ERR_QUEUE_TOO_LARGE"
  /** A request the queue binding's protocol does not have. */
  | "ERR_QUEUE_PROTOCOL"
  /** A pull or ack for a queue without an `http_pull` consumer. */
  | "ERR_QUEUE_NOT_PULLED"
  /** A pull or ack request whose body breaks the REST API's rules. */
  | "ERR_QUEUE_BAD_REQUEST"
  /** A REST API request without a valid bearer token. */
  | "ERR_QUEUE_UNAUTHORIZED";

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
