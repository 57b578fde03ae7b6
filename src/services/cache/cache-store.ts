import path from "node:path";
import type { Statement } from "better-sqlite3";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";
import type { StoredResponse } from "./stored-response.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  namespace TEXT NOT NULL,
  url TEXT NOT NULL,
  status INTEGER NOT NULL,
  headers TEXT NOT NULL,
  body BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (namespace, url)
);
CREATE INDEX IF NOT EXISTS entries_by_expiry ON entries (expires_at);
`;

/** Expired entries one `put` removes, so a cache that is written keeps its file from growing with dead entries. */
const EXPIRED_REMOVED_PER_PUT = 16;

interface EntryRow {
  status: number;
  headers: string;
  body: Buffer;
  expires_at: number;
}

/**
 * The Cache API's responses under `<persistTo>/cache/cache.sqlite`, by cache (`""` for
 * `caches.default`, else the name given to `caches.open()`) and URL. An expired entry is never
 * returned, and is removed when it is next asked for or a later `put` sweeps it.
 */
export class CacheStore {
  readonly #db: SqliteDatabase;
  readonly #insert: Statement<[string, string, number, string, Buffer, number]>;
  readonly #sweep: Statement<[number, number]>;
  readonly #select: Statement<[string, string], EntryRow>;
  readonly #deleteExpired: Statement<[string, string, number]>;
  readonly #delete: Statement<[string, string, number], { live: number }>;

  constructor(persistTo: string) {
    this.#db = openSqlite(path.join(persistTo, "cache", "cache.sqlite"));
    // A cache may lose its last writes to a power cut; it needs no fsync per put.
    this.#db.pragma("synchronous = NORMAL");
    this.#db.exec(SCHEMA);
    this.#insert = this.#db.prepare("INSERT OR REPLACE INTO entries (namespace, url, status, headers, body, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
    this.#sweep = this.#db.prepare("DELETE FROM entries WHERE rowid IN (SELECT rowid FROM entries WHERE expires_at <= ? LIMIT ?)");
    this.#select = this.#db.prepare("SELECT status, headers, body, expires_at FROM entries WHERE namespace = ? AND url = ?");
    this.#deleteExpired = this.#db.prepare("DELETE FROM entries WHERE namespace = ? AND url = ? AND expires_at <= ?");
    this.#delete = this.#db.prepare("DELETE FROM entries WHERE namespace = ? AND url = ? RETURNING expires_at > ? AS live");
  }

  put(namespace: string, url: string, response: StoredResponse, expiresAt: number, now = Date.now()): void {
    this.#db.transaction(() => {
      this.#insert.run(namespace, url, response.status, JSON.stringify(response.headers), response.body, expiresAt);
      this.#sweep.run(now, EXPIRED_REMOVED_PER_PUT);
    })();
  }

  get(namespace: string, url: string, now = Date.now()): StoredResponse | undefined {
    const row = this.#select.get(namespace, url);
    if (row === undefined) return undefined;
    if (row.expires_at <= now) {
      this.#deleteExpired.run(namespace, url, now);
      return undefined;
    }
    return { status: row.status, headers: JSON.parse(row.headers) as [string, string][], body: row.body };
  }

  /** Whether there was a live entry to delete. */
  delete(namespace: string, url: string, now = Date.now()): boolean {
    return this.#delete.all(namespace, url, now).some((row) => row.live === 1);
  }

  close(): void {
    this.#db.close();
  }
}
