/** What one `writeDataPoint()` call may carry, as Cloudflare's Analytics Engine accepts it. */
export const MAX_BLOBS = 20;
export const MAX_DOUBLES = 20;
export const MAX_INDEXES = 1;
export const MAX_INDEX_BYTES = 96;
/** The sum of a data point's blob sizes, 16 KB since June 2025. */
export const MAX_BLOB_BYTES = 16 * 1024;
