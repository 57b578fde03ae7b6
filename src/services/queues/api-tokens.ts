import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";

/** A bearer token as listed: never the secret itself, which only its creator saw. */
export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: Date;
}

/** Marks Outpost queue tokens, so one pasted in the wrong place is recognisable. */
const TOKEN_PREFIX = "opq_";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
`;

/**
 * The bearer tokens pull consumers present. Only each token's SHA-256 is stored, so the file
 * holds nothing that authenticates; the token is shown once, when it is created.
 */
export class ApiTokens {
  readonly #db: SqliteDatabase;

  constructor(persistTo: string) {
    this.#db = openSqlite(path.join(persistTo, "queues", "tokens.sqlite"));
    this.#db.exec(SCHEMA);
  }

  /** Creates a token; the returned secret is not kept anywhere. */
  create(name: string, now: number): { info: ApiTokenInfo; token: string } {
    const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
    const id = randomBytes(8).toString("hex");
    this.#db.prepare<[string, string, string, number]>("INSERT INTO api_tokens (id, name, sha256, created_at) VALUES (?, ?, ?, ?)").run(id, name, digest(token), now);
    return { info: { id, name, createdAt: new Date(now) }, token };
  }

  list(): ApiTokenInfo[] {
    return this.#db
      .prepare<[], { id: string; name: string; created_at: number }>("SELECT id, name, created_at FROM api_tokens ORDER BY created_at, id")
      .all()
      .map((row) => ({ id: row.id, name: row.name, createdAt: new Date(row.created_at) }));
  }

  /** Revokes the token with `id`; false when there was none. */
  revoke(id: string): boolean {
    return this.#db.prepare<[string]>("DELETE FROM api_tokens WHERE id = ?").run(id).changes === 1;
  }

  /** Whether `token` is a live token. Looked up by digest, so no comparison leaks its bytes. */
  verify(token: string): boolean {
    return this.#db.prepare<[string]>("SELECT 1 FROM api_tokens WHERE sha256 = ?").get(digest(token)) !== undefined;
  }

  close(): void {
    this.#db.close();
  }
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
