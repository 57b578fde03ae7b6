import { randomUUID } from "node:crypto";
import path from "node:path";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";
import { SecretsStoreError } from "./errors.js";

/** What Cloudflare's API says of a secret: everything but its value. */
export interface SecretInfo {
  id: string;
  store_id: string;
  name: string;
  comment: string;
  scopes: string[];
  created: string;
  modified: string;
  status: "active";
}

/** A secret's name: letters, digits, underscores and dashes, as wrangler checks it. */
const SECRET_NAME = /^[A-Za-z0-9_-]+$/;
/** The longest value the Cloudflare API accepts. */
const MAX_SECRET_VALUE_BYTES = 64 * 1024;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS secrets (
  store_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  comment TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created TEXT NOT NULL,
  modified TEXT NOT NULL,
  PRIMARY KEY (store_id, id),
  UNIQUE (store_id, name)
);
`;

interface SecretRow {
  store_id: string;
  id: string;
  name: string;
  comment: string;
  scopes: string;
  created: string;
  modified: string;
}

const INFO_COLUMNS = "store_id, id, name, comment, scopes, created, modified";

function info(row: SecretRow): SecretInfo {
  return { id: row.id, store_id: row.store_id, name: row.name, comment: row.comment, scopes: JSON.parse(row.scopes) as string[], created: row.created, modified: row.modified, status: "active" };
}

/**
 * Secrets Store's secrets under `<persistTo>/secrets-store/secrets.sqlite`, by store id. A store
 * exists once a secret is created in it, as under `wrangler dev`. Values are kept as given, in the
 * clear, as wrangler keeps local secrets: the file is as secret as the directory it is in.
 */
export class SecretStore {
  readonly #db: SqliteDatabase;

  constructor(persistTo: string) {
    this.#db = openSqlite(path.join(persistTo, "secrets-store", "secrets.sqlite"));
    this.#db.exec(SCHEMA);
  }

  create(storeId: string, secret: { name: string; value: string; scopes: string[]; comment?: string }, now = new Date()): SecretInfo {
    checkName(secret.name);
    if (secret.value === "") throw new SecretsStoreError("ERR_SECRET_VALUE_INVALID", "Need to pass in a value when creating a secret.");
    checkValue(secret.value);
    const existing = this.#byName(storeId, secret.name);
    if (existing !== undefined) {
      throw new SecretsStoreError("ERR_SECRET_EXISTS", `Store ${storeId} already has a secret named ${secret.name} (ID: ${existing.id}).`);
    }
    const id = randomUUID().replaceAll("-", "");
    const time = now.toISOString();
    this.#db
      .prepare("INSERT INTO secrets (store_id, id, name, value, comment, scopes, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(storeId, id, secret.name, secret.value, secret.comment ?? "", JSON.stringify(secret.scopes), time, time);
    return this.get(storeId, id);
  }

  list(storeId: string): SecretInfo[] {
    return this.#db.prepare<[string], SecretRow>(`SELECT ${INFO_COLUMNS} FROM secrets WHERE store_id = ? ORDER BY name`).all(storeId).map(info);
  }

  get(storeId: string, id: string): SecretInfo {
    const row = this.#db.prepare<[string, string], SecretRow>(`SELECT ${INFO_COLUMNS} FROM secrets WHERE store_id = ? AND id = ?`).get(storeId, id);
    if (row === undefined) throw notFound(storeId, id);
    return info(row);
  }

  /** The value a binding reads, by the secret's name; `undefined` when there is none. */
  valueOf(storeId: string, name: string): string | undefined {
    return this.#db.prepare<[string, string], { value: string }>("SELECT value FROM secrets WHERE store_id = ? AND name = ?").get(storeId, name)?.value;
  }

  update(storeId: string, id: string, changes: { value?: string; scopes?: string[]; comment?: string }, now = new Date()): SecretInfo {
    if (changes.value === undefined && changes.scopes === undefined && changes.comment === undefined) {
      throw new SecretsStoreError("ERR_SECRET_VALUE_INVALID", "Need to pass in a new field using `--value`, `--scopes`, or `--comment` to update a secret.");
    }
    if (changes.value !== undefined) checkValue(changes.value);
    this.get(storeId, id);
    this.#db
      .prepare("UPDATE secrets SET value = coalesce(?, value), scopes = coalesce(?, scopes), comment = coalesce(?, comment), modified = ? WHERE store_id = ? AND id = ?")
      .run(changes.value ?? null, changes.scopes === undefined ? null : JSON.stringify(changes.scopes), changes.comment ?? null, now.toISOString(), storeId, id);
    return this.get(storeId, id);
  }

  delete(storeId: string, id: string): void {
    if (this.#db.prepare("DELETE FROM secrets WHERE store_id = ? AND id = ?").run(storeId, id).changes === 0) throw notFound(storeId, id);
  }

  /** A new secret named `name` with the value of secret `id`. */
  duplicate(storeId: string, id: string, secret: { name: string; scopes: string[]; comment?: string }, now = new Date()): SecretInfo {
    const source = this.get(storeId, id);
    return this.create(storeId, { ...secret, value: this.valueOf(storeId, source.name)! }, now);
  }

  close(): void {
    this.#db.close();
  }

  #byName(storeId: string, name: string): SecretRow | undefined {
    return this.#db.prepare<[string, string], SecretRow>(`SELECT ${INFO_COLUMNS} FROM secrets WHERE store_id = ? AND name = ?`).get(storeId, name);
  }
}

function notFound(storeId: string, id: string): SecretsStoreError {
  return new SecretsStoreError("ERR_SECRET_NOT_FOUND", `Store ${storeId} has no secret with ID ${id}.`);
}

function checkName(name: string): void {
  if (!SECRET_NAME.test(name)) throw new SecretsStoreError("ERR_SECRET_NAME_INVALID", "Secret name may only contain alphanumeric characters, underscores, or dashes.");
}

function checkValue(value: string): void {
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_SECRET_VALUE_BYTES) {
    throw new SecretsStoreError("ERR_SECRET_VALUE_INVALID", `Secret value cannot exceed ${MAX_SECRET_VALUE_BYTES} bytes (got ${bytes}).`);
  }
}
