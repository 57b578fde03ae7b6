import type { Statement } from "better-sqlite3";
import { GroupCommit } from "../../storage/group-commit.js";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";
import type { KvEntry, KvListedKey, KvListQuery, KvStorage } from "./storage.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv_entries (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value BLOB NOT NULL,
  expiration INTEGER,
  metadata TEXT,
  PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_entries_expiration ON kv_entries (expiration) WHERE expiration IS NOT NULL;
`;

interface Row {
  key: string;
  value: Buffer;
  expiration: number | null;
  metadata: string | null;
}

/**
 * KV in one SQLite file. TEXT keys compare with memcmp over their UTF-8 bytes, which is KV's order.
 * Expired keys are hidden from every read and deleted by `purgeExpired`.
 */
export class SqliteKvStorage implements KvStorage {
  readonly #db: SqliteDatabase;
  readonly #commits: GroupCommit;
  readonly #select: Statement<[string, string, number], Row>;
  readonly #upsert: Statement<[string, string, Uint8Array, number | null, string | null]>;
  readonly #remove: Statement<[string, string]>;
  readonly #list: Statement<[string, string, string, number, number], Omit<Row, "value">>;
  readonly #namespaces: Statement<[], { namespace: string }>;
  readonly #purge: Statement<[number]>;

  constructor(file: string) {
    this.#db = openSqlite(file);
    this.#db.exec(SCHEMA);
    this.#commits = new GroupCommit(this.#db);
    this.#select = this.#db.prepare(
      "SELECT key, value, expiration, metadata FROM kv_entries WHERE namespace = ? AND key = ? AND (expiration IS NULL OR expiration > ?)",
    );
    this.#upsert = this.#db.prepare(
      "INSERT OR REPLACE INTO kv_entries (namespace, key, value, expiration, metadata) VALUES (?, ?, ?, ?, ?)",
    );
    this.#remove = this.#db.prepare("DELETE FROM kv_entries WHERE namespace = ? AND key = ?");
    this.#list = this.#db.prepare(
      `SELECT key, expiration, metadata FROM kv_entries
       WHERE namespace = ? AND key >= ? AND key > ? AND (expiration IS NULL OR expiration > ?)
       ORDER BY key LIMIT ?`,
    );
    this.#namespaces = this.#db.prepare("SELECT DISTINCT namespace FROM kv_entries ORDER BY namespace");
    this.#purge = this.#db.prepare("DELETE FROM kv_entries WHERE expiration IS NOT NULL AND expiration <= ?");
  }

  read(namespace: string, keys: readonly string[], now: number): (KvEntry | null)[] {
    return keys.map((key) => {
      const row = this.#select.get(namespace, key, now);
      return row === undefined ? null : { value: row.value, expiration: row.expiration, metadata: row.metadata };
    });
  }

  write(namespace: string, key: string, entry: KvEntry): Promise<void> {
    return this.#commits.run(() => void this.#upsert.run(namespace, key, entry.value, entry.expiration, entry.metadata));
  }

  delete(namespace: string, key: string): Promise<void> {
    return this.#commits.run(() => void this.#remove.run(namespace, key));
  }

  list(namespace: string, query: KvListQuery): KvListedKey[] {
    const rows = this.#list.all(namespace, query.prefix, query.after, query.now, query.limit);
    const inPrefix = rows.findIndex((row) => !row.key.startsWith(query.prefix));
    return inPrefix === -1 ? rows : rows.slice(0, inPrefix);
  }

  namespaces(): string[] {
    return this.#namespaces.all().map((row) => row.namespace);
  }

  purgeExpired(now: number): number {
    return this.#purge.run(now).changes;
  }

  close(): void {
    this.#db.close();
  }
}
