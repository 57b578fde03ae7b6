/** RFC 3339 as AWS accepts it: uppercase `T`, and `Z` or a numeric offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or null when the text is not an AWS timestamp. */
export function parseTimestamp(text: unknown): number | null {
  if (typeof text !== "string" || !RFC3339.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
