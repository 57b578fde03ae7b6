import path from "node:path";
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

  constructor(persistTo: string) {
    this.#db = openSqlite(path.join(persistTo, "cache", "cache.sqlite"));
    // A cache may lose its last writes to a power cut; it needs no fsync per put.
    this.#db.pragma("synchronous = NORMAL");
    this.#db.exec(SCHEMA);
  }

  put(namespace: string, url: string, response: StoredResponse, expiresAt: number, now = Date.now()): void {
    this.#db.transaction(() => {
      this.#db
        .prepare("INSERT OR REPLACE INTO entries (namespace, url, status, headers, body, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run(namespace, url, response.status, JSON.stringify(response.headers), response.body, expiresAt);
      this.#db.prepare("DELETE FROM entries WHERE rowid IN (SELECT rowid FROM entries WHERE expires_at <= ? LIMIT ?)").run(now, EXPIRED_REMOVED_PER_PUT);
    })();
  }

  get(namespace: string, url: string, now = Date.now()): StoredResponse | undefined {
    const row = this.#db.prepare<[string, string], EntryRow>("SELECT status, headers, body, expires_at FROM entries WHERE namespace = ? AND url = ?").get(namespace, url);
    if (row === undefined) return undefined;
    if (row.expires_at <= now) {
      this.#db.prepare("DELETE FROM entries WHERE namespace = ? AND url = ? AND expires_at <= ?").run(namespace, url, now);
      return undefined;
    }
    return { status: row.status, headers: JSON.parse(row.headers) as [string, string][], body: row.body };
  }

  /** Whether there was a live entry to delete. */
  delete(namespace: string, url: string, now = Date.now()): boolean {
    return this.#db.prepare("DELETE FROM entries WHERE namespace = ? AND url = ? RETURNING expires_at > ? AS live").all(namespace, url, now).some((row) => (row as { live: number }).live === 1);
  }

  close(): void {
    this.#db.close();
  }
}
