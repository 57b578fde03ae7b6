import { closeSync, openSync, writeSync } from "node:fs";
import { OutpostError } from "../../errors.js";
import { quoteName, quoteText } from "../../storage/sqlite.js";
import type { D1Database, SnapshotRows } from "./database.js";

export interface ExportSqlOptions {
  /** Write the CREATE statements of tables, indexes, triggers and views. */
  schema: boolean;
  /** Write each table's rows as INSERT statements. */
  data: boolean;
  /** Only these tables or views, with their indexes and triggers; every one when empty. */
  tables: readonly string[];
}

export type D1ExportErrorCode =
  /** A table to export is virtual (FTS5 and the like): its rows live in a module, not in SQL. */
  | "ERR_D1_EXPORT_VIRTUAL_TABLE"
  /** A table asked for is not in the database. */
  | "ERR_D1_EXPORT_TABLE_NOT_FOUND"
  /** The output file cannot be opened. */
  | "ERR_D1_EXPORT_UNWRITABLE";

export class D1ExportError extends OutpostError<D1ExportErrorCode> {}

interface SchemaEntry {
  type: string;
  name: string;
  /** The table an index or trigger belongs to; a table's or view's own name. */
  table: string;
  sql: string;
}

/** Bytes of SQL gathered before each write to the file. */
const WRITE_CHUNK = 1 << 16;

/**
 * Writes to `file` SQL that recreates `database`, modelled on SQLite's `.dump` as `wrangler d1
 * export` writes it: tables, their rows, then `sqlite_sequence`, then indexes, triggers and
 * views. It reads one snapshot, so a worker writing meanwhile cannot tear it.
 */
export function exportSql(database: D1Database, file: string, options: ExportSqlOptions): void {
  database.snapshot((rows) => {
    const schema = readSchema(rows, options.tables);
    writeLines(file, dumpLines(rows, schema, options));
  });
}

/** The schema entries to export, in the order they were created, refusing what an export cannot recreate. */
function readSchema(rows: SnapshotRows, only: readonly string[]): SchemaEntry[] {
  const entries = [...rows("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")].map(
    ([type, name, table, sql]) => ({ type: String(type), name: String(name), table: String(table), sql: String(sql) }),
  );
  const exportable = entries.filter((entry) => isUserTable(entry.table));
  const named = exportable.filter((entry) => entry.type === "table" || entry.type === "view").map((entry) => entry.name);
  const missing = only.find((name) => !named.includes(name));
  if (missing !== undefined) {
    throw new D1ExportError("ERR_D1_EXPORT_TABLE_NOT_FOUND", `No table "${missing}" to export; the database's tables and views are: ${named.join(", ") || "(none)"}.`);
  }
  const chosen = only.length === 0 ? exportable : exportable.filter((entry) => only.includes(entry.table));
  const virtual = chosen.find((entry) => /^CREATE\s+VIRTUAL\s+TABLE/i.test(entry.sql));
  if (virtual !== undefined) {
    const module = /\bUSING\s+(\w+)/i.exec(virtual.sql)?.[1] ?? "a module";
    throw new D1ExportError(
      "ERR_D1_EXPORT_VIRTUAL_TABLE",
      `Cannot export virtual table "${virtual.name}" (${module}): its contents cannot be written as SQL. Export the other tables by naming each with --table.`,
    );
  }
  // `sqlite_sequence` holds AUTOINCREMENT counters: written whole, after every table, or not at all
  // when only some tables are exported, as it would reset the counters of the others on import.
  const sequence = only.length === 0 ? entries.filter((entry) => entry.name === "sqlite_sequence") : [];
  return [...chosen, ...sequence];
}

/** Whether a table is the user's: SQLite's own (`sqlite_*`) and Cloudflare's (`_cf_*`) are not. */
function isUserTable(name: string): boolean {
  return !name.startsWith("sqlite_") && !name.startsWith("_cf_");
}

/**
 * Unlike `.dump`, every table is created before any rows are written: a row whose foreign key
 * refers to a table not created yet is refused even with the check deferred, and a table rebuilt
 * by a migration comes after the tables that refer to it.
 */
function* dumpLines(rows: SnapshotRows, schema: readonly SchemaEntry[], options: ExportSqlOptions): Generator<string> {
  yield "PRAGMA defer_foreign_keys=TRUE;";
  const tables = schema.filter((entry) => entry.type === "table");
  if (options.schema) {
    for (const entry of tables.filter((entry) => entry.name !== "sqlite_sequence")) yield `${entry.sql};`;
  }
  if (options.data) {
    for (const entry of tables) {
      if (entry.name === "sqlite_sequence") yield "DELETE FROM sqlite_sequence;";
      yield* insertLines(rows, entry.name);
    }
  }
  if (options.schema) {
    for (const entry of schema.filter((entry) => entry.type !== "table")) yield `${entry.sql};`;
  }
}

function* insertLines(rows: SnapshotRows, table: string): Generator<string> {
  // Generated columns are left out (table_info does not list them): SQLite computes them again.
  const columns = [...rows("SELECT name FROM pragma_table_info(?)", table)].map(([name]) => quoteName(String(name))).join(",");
  const insert = `INSERT INTO ${quoteName(table)} (${columns}) VALUES(`;
  for (const row of rows(`SELECT ${columns} FROM ${quoteName(table)}`)) yield `${insert}${row.map(sqlLiteral).join(",")});`;
}

/** A value as SQL that reads back as the same value of the same type. */
function sqlLiteral(value: unknown): string {
  if (value === null) return "NULL";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return realLiteral(value);
  if (Buffer.isBuffer(value)) return `X'${value.toString("hex")}'`;
  return quoteText(String(value));
}

/** A REAL, written so it stays REAL: `1.0`, not `1`, which SQLite would read as an INTEGER. */
function realLiteral(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? "1e999" : "-1e999";
  const text = String(value);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

function writeLines(file: string, lines: Iterable<string>): void {
  let fd: number;
  try {
    fd = openSync(file, "w");
  } catch (error) {
    throw new D1ExportError("ERR_D1_EXPORT_UNWRITABLE", `Cannot write ${file}: ${(error as Error).message}.`, { cause: error });
  }
  try {
    let chunk = "";
    for (const line of lines) {
      chunk += `${line}\n`;
      if (chunk.length >= WRITE_CHUNK) {
        writeSync(fd, chunk);
        chunk = "";
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
