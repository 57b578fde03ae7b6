import { MAX_BLOBS, MAX_DOUBLES } from "./limits.js";

/** Analytics Engine's columns for a data point's blobs and doubles: `blob1`…`blob20`, `double1`…`double20`. */
export const BLOB_COLUMNS = Array.from({ length: MAX_BLOBS }, (_, i) => `blob${i + 1}`);
export const DOUBLE_COLUMNS = Array.from({ length: MAX_DOUBLES }, (_, i) => `double${i + 1}`);

/** The store's file under a `--persist-to` directory. */
export const STORE_PATH = ["analytics-engine", "data-points.sqlite"] as const;
