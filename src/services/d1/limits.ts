/** D1's limits, as production enforces them. */

/** Bound parameters one statement may take. */
export const MAX_BOUND_PARAMETERS = 100;
/** Bytes of one SQL statement's text: 100 KB. */
export const MAX_STATEMENT_BYTES = 100_000;
