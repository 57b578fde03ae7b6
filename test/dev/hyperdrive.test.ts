import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { TLSSocket } from "node:tls";
import { after, before, describe, it } from "node:test";
import { fixturesDir, freePorts, type OutpostDev, runOutpost, withDev } from "../helpers/outpost-cli.js";
import { selfSignedCertificate } from "../helpers/self-signed-certificate.js";

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
    const result = await runOutpost(["dev", path.join(fixturesDir, "errors/hyperdrive-no-database"), ...freePorts]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /The Hyperdrive binding DB needs a database to connect to\. Set CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB or `hyperdrive\[0\]\.localConnectionString` in wrangler\.jsonc/,
    );
  });

  it("a connection string asking for TLS to MySQL is refused with the reason, without its password", async () => {
    const result = await runOutpost(["dev", path.join(fixturesDir, "errors/hyperdrive-tls"), ...freePorts]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /The connection string of the Hyperdrive binding DB \(`hyperdrive\[0\]\.localConnectionString` in wrangler\.jsonc\) cannot be used: it asks for TLS \(required\), which Outpost speaks to PostgreSQL only/,
    );
    assert.doesNotMatch(result.stdout + result.stderr, /hunter2/);
  });
});

/** PostgreSQL's SSLRequest: a length of 8, then the code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]);

/**
 * The machine's PostgreSQL behind TLS, as a managed database would be: a connection must start
 * with an SSLRequest, is answered `S`, and what arrives inside the TLS session (a self-signed
 * certificate for 127.0.0.1, made with openssl) is carried to 127.0.0.1:5432.
 */
async function tlsFront(directory: string): Promise<{ port: number; sessions: () => number; close: () => void }> {
  const { key, cert } = await selfSignedCertificate(directory);
  const credentials = { key, cert };
  let sessions = 0;
  const server = createServer((socket) => {
    socket.once("data", (first: Buffer) => {
      if (!first.equals(SSL_REQUEST)) return void socket.destroy();
      socket.write("S");
      const secure = new TLSSocket(socket, { isServer: true, ...credentials });
      secure.on("error", () => socket.destroy());
      secure.once("secure", () => {
        sessions++;
        const database = connect(5432, "127.0.0.1");
        database.on("error", () => secure.destroy());
        secure.pipe(database).pipe(secure);
      });
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as AddressInfo).port, sessions: () => sessions, close: () => server.close() };
}

describe("Hyperdrive over TLS (sslmode, to PostgreSQL behind a TLS front)", () => {
  let directory: string;
  let front: Awaited<ReturnType<typeof tlsFront>>;
  before(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), "outpost-hyperdrive-tls-"));
    front = await tlsFront(directory);
  });
  after(async () => {
    front.close();
    await rm(directory, { recursive: true, force: true });
  });

  const withSslMode = (mode: string) => ({ CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: `postgresql://postgres:postgres@127.0.0.1:${front.port}/test?sslmode=${mode}` });

  it("sslmode=require: Outpost opens TLS to the database, as libpq would, and queries go through it", async () => {
    await withDev([fixture], async (dev) => assert.deepEqual(await query(dev, "SELECT current_database() AS name, 1 + 1 AS two"), [{ name: "test", two: 2 }]), { env: withSslMode("require") });
    assert.ok(front.sessions() >= 1, "the connection went through the TLS front");
  });

  it("sslmode=verify-full with sslrootcert: the database's certificate is checked against that file's CAs, and its host", async () => {
    const env = { CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: `${withSslMode("verify-full").CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE}&sslrootcert=${path.join(directory, "cert.pem")}` };
    await withDev([fixture], async (dev) => assert.deepEqual(await query(dev, "SELECT 3 AS three"), [{ three: 3 }]), { env });
  });

  it("an sslrootcert file that does not exist stops startup, naming the file and the binding", async () => {
    const missing = path.join(directory, "missing-ca.pem");
    const env = { CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: `${withSslMode("verify-ca").CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE}&sslrootcert=${missing}` };
    const result = await runOutpost(["dev", fixture, ...freePorts], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`The connection string of the Hyperdrive binding HYPERDRIVE \\(CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE\\) cannot be used: its sslrootcert file ${missing.replaceAll("/", "\\/")} does not exist\\.`));
    assert.doesNotMatch(result.stdout + result.stderr, /postgres:postgres@/);
  });

  it("sslmode=verify-full: a certificate the machine does not trust fails the connection, and why is logged", async () => {
    await withDev(
      [fixture],
      async (dev) => {
        const response = await dev.fetch("/", { method: "POST", body: JSON.stringify({ sql: "SELECT 1" }) });
        assert.equal(response.status, 500);
        await dev.waitForOutput(new RegExp(`Hyperdrive: the TLS connection to the database at 127\\.0\\.0\\.1:${front.port} \\(sslmode=verify-full\\) failed: self-signed certificate`));
      },
      { env: withSslMode("verify-full") },
    );
  });
});
