import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDatabaseOrigin } from "./database-origin.js";

describe("parseDatabaseOrigin", () => {
  it("reads scheme, address, database and credentials, with each scheme's default port and URL escapes undone", () => {
    assert.deepEqual(parseDatabaseOrigin("postgresql://app:p%40ss@db.internal/orders?sslmode=prefer"), {
      address: "db.internal:5432",
      scheme: "postgresql",
      database: "orders",
      user: "app",
      password: "p@ss",
    });
    assert.deepEqual(parseDatabaseOrigin("mysql://root:secret@127.0.0.1:3307/shop"), {
      address: "127.0.0.1:3307",
      scheme: "mysql",
      database: "shop",
      user: "root",
      password: "secret",
    });
    assert.equal((parseDatabaseOrigin("postgres://a:b@[::1]/d") as { address: string }).address, "[::1]:5432");
  });

  it("keeps libpq's sslmode for PostgreSQL over TLS, and refuses TLS to MySQL, which Outpost does not speak", () => {
    const tlsOf = (connectionString: string) => (parseDatabaseOrigin(connectionString) as { tls?: unknown }).tls;
    assert.deepEqual(tlsOf("postgres://a:b@db/d?sslmode=require"), { mode: "require" });
    assert.deepEqual(tlsOf("postgres://a:b@db/d?sslmode=VERIFY-FULL&sslrootcert=/etc/db/ca.pem"), { mode: "verify-full", rootCertificates: "/etc/db/ca.pem" });
    assert.equal(tlsOf("postgres://a:b@db/d?sslmode=prefer"), undefined, "prefer connects without TLS");
    assert.deepEqual(parseDatabaseOrigin("mysql://a:hunter2@db/d?ssl-mode=REQUIRED"), {
      problems: ["it asks for TLS (required), which Outpost speaks to PostgreSQL only, with sslmode require, verify-ca or verify-full"],
    });
  });

  it("names every problem, and never the password", () => {
    const parsed = parseDatabaseOrigin("redis://:hunter2@cache.internal?sslmode=require");
    assert.ok("problems" in parsed);
    assert.deepEqual(parsed.problems, [
      "its scheme must be postgresql, postgres or mysql, not redis",
      "it names no database (the path, as in /postgres)",
      "it names no user",
    ]);
    assert.deepEqual(parseDatabaseOrigin("postgres:///app"), { problems: ["it names no host", "it names no user", "it has no password"] });
    assert.deepEqual(parseDatabaseOrigin("not a url"), { problems: ["it is not a URL such as postgresql://user:password@host:5432/database"] });
    assert.deepEqual(parseDatabaseOrigin("postgres://app@db/app"), { problems: ["it has no password"] });
  });
});
