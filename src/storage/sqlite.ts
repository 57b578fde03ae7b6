import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export type SqliteDatabase = Database.Database;

/** Milliseconds a connection waits for another process's write lock (the CLI beside `dev`). */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens a SQLite file for durable use: WAL, so readers never wait for the writer and several
 * processes can share the file; `synchronous = FULL`, so a committed transaction is on disk
 * before the commit returns and survives `kill -9` and power loss.
 */
export function openSqlite(file: string): SqliteDatabase {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  return db;
}

/** A name as a quoted SQL identifier. */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Text as a quoted SQL string literal. */
export function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
