/** Cloudflare Queues' producer limits (1 KB = 1000 bytes here, as Cloudflare counts). */

/** Bytes of one message's body. */
export const MAX_MESSAGE_BYTES = 128_000;
/** Messages in one `sendBatch`. */
export const MAX_BATCH_MESSAGES = 100;
/** Bytes of one `sendBatch`'s bodies together. */
export const MAX_BATCH_BYTES = 256_000;

/** Pull consumers: messages in one pull, and how long a pulled message stays leased (milliseconds). */
export const DEFAULT_PULL_BATCH_SIZE = 5;
export const MAX_PULL_BATCH_SIZE = 100;
export const DEFAULT_VISIBILITY_TIMEOUT_MS = 30_000;
export const MAX_VISIBILITY_TIMEOUT_MS = 12 * 60 * 60 * 1000;
