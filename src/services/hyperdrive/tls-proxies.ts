import { createHash } from "node:crypto";
import { once } from "node:events";
import { readFile, rm } from "node:fs/promises";
import { connect, createServer, isIP, type Server, type Socket } from "node:net";
import path from "node:path";
import { checkServerIdentity, connect as connectTls } from "node:tls";
import type { Logger } from "../../logging/logger.js";
import type { DatabaseTls } from "./database-origin.js";

/** PostgreSQL's SSLRequest: a length of 8, then the code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]);
const WILLING = "S".charCodeAt(0);

/**
 * Unix-socket proxies that take workerd's plaintext Hyperdrive connections and carry them to
 * PostgreSQL over TLS, as libpq would: an SSLRequest, then a TLS handshake checking the server's
 * certificate as `sslmode` asks (`require` checks nothing; `verify-ca` the chain, against the
 * `sslrootcert` file when given, else Node's CAs; `verify-full` the host name too). One proxy per
 * database address and TLS settings, kept across reloads.
 */
export class DatabaseTlsProxies {
  readonly #directory: string;
  readonly #logger: Logger;
  readonly #servers = new Map<string, Promise<{ server: Server; socket: string }>>();

  constructor(directory: string, logger: Logger) {
    this.#directory = directory;
    this.#logger = logger;
  }

  /** The `unix:` address workerd connects to for `address` (`host:port`) over `tls`. */
  async addressFor(address: string, tls: DatabaseTls): Promise<string> {
    const key = JSON.stringify([address, tls.mode, tls.rootCertificates]);
    let proxy = this.#servers.get(key);
    if (proxy === undefined) this.#servers.set(key, (proxy = this.#listen(address, tls, key)));
    return `unix:${(await proxy).socket}`;
  }

  async close(): Promise<void> {
    for (const proxy of this.#servers.values()) (await proxy).server.close();
    this.#servers.clear();
  }

  async #listen(address: string, tls: DatabaseTls, key: string): Promise<{ server: Server; socket: string }> {
    const socket = path.join(this.#directory, `db-${createHash("sha256").update(key).digest("hex").slice(0, 16)}.sock`);
    await rm(socket, { force: true });
    const server = createServer((client) => {
      this.#carry(client, address, tls).catch((error: unknown) => {
        this.#logger.error(`Hyperdrive: the TLS connection to the database at ${address} (sslmode=${tls.mode}) failed: ${(error as Error).message}`);
        client.destroy();
      });
    });
    server.listen(socket);
    await once(server, "listening");
    return { server, socket };
  }

  async #carry(client: Socket, address: string, { mode, rootCertificates }: DatabaseTls): Promise<void> {
    client.pause();
    const ca = rootCertificates === undefined ? undefined : await readFile(rootCertificates);
    const separator = address.lastIndexOf(":");
    const host = address.slice(0, separator).replace(/^\[|\]$/g, "");
    const database = connect(Number(address.slice(separator + 1)), host);
    client.once("close", () => database.destroy());
    await once(database, "connect");
    database.write(SSL_REQUEST);
    const [answer] = (await once(database, "data")) as [Buffer];
    if (answer[0] !== WILLING) {
      database.destroy();
      throw new Error("the server does not accept TLS");
    }
    const secure = connectTls({
      socket: database,
      // The name the certificate must carry; SNI takes only host names, not addresses.
      host,
      servername: isIP(host) === 0 ? host : undefined,
      rejectUnauthorized: mode !== "require",
      ca,
      checkServerIdentity: mode === "verify-full" ? checkServerIdentity : () => undefined,
    });
    await once(secure, "secureConnect");
    secure.on("error", () => client.destroy());
    client.on("error", () => secure.destroy());
    client.pipe(secure).pipe(client);
    client.resume();
  }
}
