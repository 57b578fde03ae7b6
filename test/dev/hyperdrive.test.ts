import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { describe, it } from "node:test";
import { fixturesDir, runOutpost, withDev, type OutpostDev } from "../helpers/outpost-cli.js";

/** The machine's PostgreSQL, on 127.0.0.1:5432 with trust authentication. */
const fixture = path.join(fixturesDir, "hyperdrive");

async function query(dev: OutpostDev, sql: string, params: unknown[] = []): Promise<unknown> {
  const response = await dev.fetch("/", { method: "POST", body: JSON.stringify({ sql, params }) });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

describe("Hyperdrive (node-postgres over the binding, to the machine's PostgreSQL)", () => {
  it("connectionString reaches the database localConnectionString names, through workerd's binding", async () => {
    await withDev([fixture], async (dev) => {
      const binding = (await (await dev.fetch("/")).json()) as Record<string, unknown>;
      assert.match(String(binding.host), /\.hyperdrive\.local$/, "the worker sees Hyperdrive's host, not the database's");
      assert.deepEqual({ ...binding, host: undefined }, { host: undefined, port: 5432, user: "postgres", database: "test" });

      const table = `outpost_hyperdrive_${randomUUID().replaceAll("-", "")}`;
      await query(dev, `CREATE TABLE ${table} (id serial PRIMARY KEY, name text NOT NULL)`);
      try {
        await query(dev, `INSERT INTO ${table} (name) VALUES ($1), ($2)`, ["ada", "grace"]);
        assert.deepEqual(await query(dev, `SELECT name FROM ${table} ORDER BY id`), [{ name: "ada" }, { name: "grace" }]);
      } finally {
        await query(dev, `DROP TABLE ${table}`);
      }
    });
  });

  it("CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<binding> takes precedence over localConnectionString", async () => {
    const env = { CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: "postgres://postgres:unused@localhost:5432/postgres" };
    await withDev([fixture], async (dev) => assert.deepEqual(await query(dev, "SELECT current_database() AS name"), [{ name: "postgres" }]), { env });
  });

  it("a binding with no connection string stops startup, naming the binding, the variable and the field", async () => {
    const result = await runOutpost(["dev", path.join(fixturesDir, "errors/hyperdrive-no-database"), "--port", "0"]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /The Hyperdrive binding DB needs a database to connect to\. Set CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB or `hyperdrive\[0\]\.localConnectionString` in wrangler\.jsonc/,
    );
  });

  it("a connection string asking for TLS is refused with the reason, without its password", async () => {
    const result = await runOutpost(["dev", path.join(fixturesDir, "errors/hyperdrive-tls"), "--port", "0"]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /The connection string of the Hyperdrive binding DB \(`hyperdrive\[0\]\.localConnectionString` in wrangler\.jsonc\) cannot be used: it asks for TLS \(verify-full\)/,
    );
    assert.doesNotMatch(result.stdout + result.stderr, /hunter2/);
  });
});
