/** Cloudflare Queues' producer limits (1 KB = 1000 bytes here, as Cloudflare counts). */

/** Bytes of one message's body. */
export const MAX_MESSAGE_BYTES = 128_000;
/** Messages in one `sendBatch`. */
export const MAX_BATCH_MESSAGES = 100;
/** Bytes of one `sendBatch`'s bodies together. */
export const MAX_BATCH_BYTES = 256_000;
