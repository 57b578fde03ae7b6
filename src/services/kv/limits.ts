/** Workers KV's limits, as production enforces them. */

/** Bytes of a key, UTF-8 encoded. */
export const MAX_KEY_BYTES = 512;
/** Bytes of a value: 25 MiB. */
export const MAX_VALUE_BYTES = 25 * 1024 * 1024;
/** Bytes of a key's metadata, as JSON text. */
export const MAX_METADATA_BYTES = 1024;
/** Keys a `list` page returns at most, and by default. */
export const MAX_LIST_KEYS = 1000;
/** Keys one bulk `get` may ask for. */
export const MAX_BULK_KEYS = 100;
/** Bytes of values one bulk `get` may return: 25 MiB. */
export const MAX_BULK_BYTES = 25 * 1024 * 1024;
/** Seconds: the shortest `expirationTtl`, and how far ahead an `expiration` must be. */
export const MIN_EXPIRATION_TTL_SECONDS = 60;
/** Seconds: the shortest `cacheTtl` a read may ask for. */
export const MIN_CACHE_TTL_SECONDS = 30;
