import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { openSqlite, type SqliteDatabase } from "../storage/sqlite.js";
import type { SecretLookup } from "./request-signature.js";

/** An access key of Outpost's AWS-compatible APIs, as listed: never its secret. */
export interface AccessKey {
  accessKeyId: string;
  name: string | null;
  created: Date;
}

/** A key just made: the only time its secret is shown. */
export interface CreatedAccessKey extends AccessKey {
  secretAccessKey: string;
}

interface AccessKeyRow {
  access_key_id: string;
  name: string | null;
  created_ms: number;
}

/** Only the owner may read the file: it holds the secrets SigV4 needs in the clear. */
const OWNER_ONLY = 0o600;

/**
 * The access keys of Outpost's AWS-compatible APIs (R2's S3 API, the Step Functions API), in
 * `<persistTo>/r2/s3-access-keys.sqlite`, where the S3 API first kept them. `outpost r2 keys` writes
 * it while `outpost dev` reads it, so a key works (or stops working) on the next request.
 */
export class AccessKeyStore implements SecretLookup {
  readonly #db: SqliteDatabase;

  protected constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  static open(persistTo: string): AccessKeyStore {
    const file = path.join(persistTo, "r2", "s3-access-keys.sqlite");
    mkdirSync(path.dirname(file), { recursive: true });
    closeSync(openSync(file, "a", OWNER_ONLY));
    const db = openSqlite(file);
    for (const created of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(created)) chmodSync(created, OWNER_ONLY);
    db.exec(`CREATE TABLE IF NOT EXISTS access_keys (
      access_key_id TEXT PRIMARY KEY,
      secret TEXT NOT NULL,
      name TEXT,
      created_ms INTEGER NOT NULL
    ) STRICT`);
    return new AccessKeyStore(db);
  }

  /** A new key: a 32-hex-digit id and a 64-hex-digit secret, as R2 makes them. */
  create(name: string | undefined, now = new Date()): CreatedAccessKey {
    const key = { accessKeyId: randomBytes(16).toString("hex"), secretAccessKey: randomBytes(32).toString("hex"), name: name ?? null, created: now };
    this.#db
      .prepare("INSERT INTO access_keys (access_key_id, secret, name, created_ms) VALUES (?, ?, ?, ?)")
      .run(key.accessKeyId, key.secretAccessKey, key.name, now.getTime());
    return key;
  }

  list(): AccessKey[] {
    const rows = this.#db.prepare("SELECT access_key_id, name, created_ms FROM access_keys ORDER BY created_ms, access_key_id").all() as AccessKeyRow[];
    return rows.map((row) => ({ accessKeyId: row.access_key_id, name: row.name, created: new Date(row.created_ms) }));
  }

  /** `false` when no key has the id. */
  revoke(accessKeyId: string): boolean {
    return this.#db.prepare("DELETE FROM access_keys WHERE access_key_id = ?").run(accessKeyId).changes > 0;
  }

  secretOf(accessKeyId: string): string | undefined {
    const row = this.#db.prepare("SELECT secret FROM access_keys WHERE access_key_id = ?").get(accessKeyId) as { secret: string } | undefined;
    return row?.secret;
  }

  close(): void {
    this.#db.close();
  }
}
