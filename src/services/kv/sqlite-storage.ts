import path from "node:path";
import type { Statement } from "better-sqlite3";
import { BlobFiles } from "../../storage/blob-files.js";
import { GroupCommit } from "../../storage/group-commit.js";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";
import { KvError } from "./errors.js";
import { ReceivedValue } from "./received-value.js";
import type { KvEntry, KvListedKey, KvListQuery, KvReceivedValue, KvStorage } from "./storage.js";

/** `blob` names the file in `blobs/` that holds a value too large to keep inline; `value` is then empty. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv_entries (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value BLOB NOT NULL,
  expiration INTEGER,
  metadata TEXT,
  blob TEXT,
  PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_entries_expiration ON kv_entries (expiration) WHERE expiration IS NOT NULL;
`;
/** Stores made before values could live in files lack the `blob` column. */
const ADD_BLOB_COLUMN = "ALTER TABLE kv_entries ADD COLUMN blob TEXT";
const BLOB_INDEX = "CREATE INDEX IF NOT EXISTS kv_entries_blob ON kv_entries (blob) WHERE blob IS NOT NULL";

const EMPTY = Buffer.alloc(0);

interface Row {
  value: Buffer;
  expiration: number | null;
  metadata: string | null;
  blob: string | null;
}

/**
 * KV in one directory: `kv.sqlite`, and `blobs/` for values over 64 KiB. TEXT keys compare with
 * memcmp over their UTF-8 bytes, which is KV's order. Expired keys are hidden from every read and
 * deleted by `purgeExpired`.
 *
 * A large value's file is installed (renamed into `blobs/`, directory fsynced) inside the
 * transaction that commits its row, after the row's write took SQLite's write lock; the file a row
 * stops naming is removed after that change commits. So a committed row always names a durable
 * file, and the startup sweep, holding the same lock, can tell an orphan from a file about to be used.
 */
export class SqliteKvStorage implements KvStorage {
  readonly #db: SqliteDatabase;
  readonly #files: BlobFiles;
  readonly #commits: GroupCommit;
  readonly #select: Statement<[string, string, number], Row>;
  readonly #blobOf: Statement<[string, string], string | null>;
  readonly #upsert: Statement<[string, string, Uint8Array, number | null, string | null, string | null]>;
  readonly #remove: Statement<[string, string], string | null>;
  readonly #list: Statement<[string, string, string, number, number], KvListedKey>;
  readonly #namespaces: Statement<[], { namespace: string }>;
  readonly #purge: Statement<[number], string | null>;

  /** Opens or creates the store in `dir`, sweeping blob files a crash left behind. */
  constructor(dir: string) {
    this.#db = openSqlite(path.join(dir, "kv.sqlite"));
    this.#db.exec(SCHEMA);
    this.#db
      .transaction(() => {
        const columns = this.#db.prepare<[], { name: string }>("PRAGMA table_info(kv_entries)").all();
        if (!columns.some((column) => column.name === "blob")) this.#db.exec(ADD_BLOB_COLUMN);
        this.#db.exec(BLOB_INDEX);
      })
      .immediate();
    this.#files = new BlobFiles(dir);
    this.#commits = new GroupCommit(this.#db);
    this.#select = this.#db.prepare(
      "SELECT value, expiration, metadata, blob FROM kv_entries WHERE namespace = ? AND key = ? AND (expiration IS NULL OR expiration > ?)",
    );
    this.#blobOf = this.#db.prepare<[string, string], string | null>("SELECT blob FROM kv_entries WHERE namespace = ? AND key = ?").pluck();
    this.#upsert = this.#db.prepare(
      "INSERT OR REPLACE INTO kv_entries (namespace, key, value, expiration, metadata, blob) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.#remove = this.#db.prepare<[string, string], string | null>("DELETE FROM kv_entries WHERE namespace = ? AND key = ? RETURNING blob").pluck();
    this.#list = this.#db.prepare(
      `SELECT key, expiration, metadata FROM kv_entries
       WHERE namespace = ? AND key >= ? AND key > ? AND (expiration IS NULL OR expiration > ?)
       ORDER BY key LIMIT ?`,
    );
    this.#namespaces = this.#db.prepare("SELECT DISTINCT namespace FROM kv_entries ORDER BY namespace");
    this.#purge = this.#db
      .prepare<[number], string | null>("DELETE FROM kv_entries WHERE expiration IS NOT NULL AND expiration <= ? RETURNING blob")
      .pluck();
    this.#sweep();
  }

  receive(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, maxBytes: number): Promise<KvReceivedValue> {
    return ReceivedValue.receive(chunks, maxBytes, this.#files);
  }

  read(namespace: string, keys: readonly string[], now: number): (KvEntry | null)[] {
    return keys.map((key) => this.#readOne(namespace, key, now));
  }

  write(namespace: string, key: string, entry: KvEntry<KvReceivedValue>): Promise<void> {
    const { value, expiration, metadata } = entry;
    if (!(value instanceof ReceivedValue) || (value.inline === undefined && value.draft === undefined)) {
      return Promise.reject(new TypeError("SqliteKvStorage.write takes a value its own receive() kept, not one past the limit."));
    }
    const replaced = this.#commits.run(() => {
      const previous = this.#blobOf.get(namespace, key) ?? null;
      const { draft } = value;
      this.#upsert.run(namespace, key, value.inline ?? EMPTY, expiration, metadata, draft?.id ?? null);
      // After the upsert, so this connection holds the write lock the sweep waits for.
      draft?.install();
      return previous;
    });
    // The replaced file goes once the row no longer names it, before the write is answered.
    return replaced.then((previous) => (previous === null ? undefined : this.#files.remove([previous])));
  }

  delete(namespace: string, key: string): Promise<void> {
    return this.#commits
      .run(() => this.#remove.get(namespace, key) ?? null)
      .then((blob) => (blob === null ? undefined : this.#files.remove([blob])));
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
    const blobs = this.#purge.all(now);
    this.#files.removeSync(blobs.filter((blob): blob is string => blob !== null));
    return blobs.length;
  }

  close(): void {
    this.#db.close();
    this.#files.close();
  }

  #readOne(namespace: string, key: string, now: number): KvEntry | null {
    for (;;) {
      const row = this.#select.get(namespace, key, now);
      if (row === undefined) return null;
      const { expiration, metadata, blob } = row;
      if (blob === null) return { value: row.value, expiration, metadata };
      const file = this.#files.open(blob);
      if (file !== undefined) return { value: file, expiration, metadata };
      // A file is removed only after its row stops naming it: another process has just replaced or
      // deleted this key, so read the row again. A row that still names the missing file is damage.
      if (this.#blobOf.get(namespace, key) === blob) {
        throw new KvError("ERR_VALUE_FILE_MISSING", 500, `The value of key "${key}" is in file blobs/${blob}, which is missing from the store.`);
      }
    }
  }

  /** Under SQLite's write lock, so no install is between its rename and its commit. */
  #sweep(): void {
    this.#db
      .transaction(() => {
        const referenced = new Set(this.#db.prepare<[], string>("SELECT blob FROM kv_entries WHERE blob IS NOT NULL").pluck().all());
        this.#files.sweep((id) => referenced.has(id));
      })
      .immediate();
  }
}
