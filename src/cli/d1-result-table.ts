import { alignColumns } from "./output.js";

/** A statement's rows as a text table under its column names. */
export function formatResultTable(result: { columns: readonly string[]; rows: readonly (readonly unknown[])[] }): string {
  return alignColumns([result.columns, ...result.rows.map((row) => row.map(formatValue))]);
}

/** A value as SQL would write it: NULL, and BLOBs (arrays of bytes, or bytes) as hex literals. */
function formatValue(value: unknown): string {
  if (value === null) return "NULL";
  if (Array.isArray(value) || value instanceof Uint8Array) return `x'${Buffer.from(value as number[]).toString("hex")}'`;
  return String(value);
}
