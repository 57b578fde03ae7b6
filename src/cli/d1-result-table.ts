import type { D1StatementResult } from "../services/d1/index.js";
import { alignColumns } from "./output.js";

/** A statement's rows as a text table under its column names. */
export function formatResultTable(result: D1StatementResult): string {
  return alignColumns([result.columns, ...result.rows.map((row) => row.map(formatValue))]);
}

/** A value as SQL would write it: NULL, and BLOBs (arrays of bytes) as hex literals. */
function formatValue(value: unknown): string {
  if (value === null) return "NULL";
  if (Array.isArray(value)) return `x'${Buffer.from(value as number[]).toString("hex")}'`;
  return String(value);
}
