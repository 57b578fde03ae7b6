import { OutpostError } from "../errors.js";

export type QueuesCommandErrorCode =
  /** <queue> is neither named by the config, nor created, nor holding messages. */
  | "ERR_QUEUE_NOT_FOUND"
  /** `queues create` named a queue that already exists. */
  | "ERR_QUEUE_EXISTS"
  /** A destructive command with no terminal to confirm on and no --force. */
  | "ERR_QUEUE_CONFIRMATION_REQUIRED"
  /** `queues consumer add|remove`: consumers come from a worker's config, not from a command. */
  | "ERR_QUEUE_CONSUMER_FROM_CONFIG"
  /** `queues token revoke` named a token id that does not exist. */
  | "ERR_QUEUE_TOKEN_NOT_FOUND";

/** A `queues` command that cannot do what it was asked; the message names the queue or flag at fault. */
export class QueuesCommandError extends OutpostError<QueuesCommandErrorCode> {}
