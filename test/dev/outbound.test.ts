import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fixturesDir, withDev } from "../helpers/outpost-cli.js";
import { selfSignedCertificate } from "../helpers/self-signed-certificate.js";

describe("Outbound connections: a Worker reaches servers on this machine, as under wrangler dev", () => {
  const httpServer = http.createServer((_request, response) => response.end("from a local server"));
  const echoServer = net.createServer((socket) => socket.on("data", (data) => socket.write(`echo: ${data}`)));
  let vars: string[] = [];

  before(async () => {
    await Promise.all([once(httpServer.listen(0, "127.0.0.1"), "listening"), once(echoServer.listen(0, "127.0.0.1"), "listening")]);
    const httpPort = (httpServer.address() as AddressInfo).port;
    const echoPort = (echoServer.address() as AddressInfo).port;
    vars = ["--var", `HTTP_URL:http://127.0.0.1:${httpPort}/`, "--var", `TCP_ADDRESS:127.0.0.1:${echoPort}`];
  });

  after(() => {
    httpServer.close();
    echoServer.close();
  });

  it("fetch() and connect() to 127.0.0.1, which workerd's default network refuses", async () => {
    await withDev([path.join(fixturesDir, "outbound"), ...vars], async (dev) => {
      const fetched = await dev.fetch("/");
      assert.equal(await fetched.text(), "200 from a local server");
      const echoed = await dev.fetch("/tcp");
      assert.equal(await echoed.text(), "echo: ping");
    });
  });

  it("fetch() over HTTPS to a server whose CA NODE_EXTRA_CA_CERTS names, trusted as wrangler dev trusts it", async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), "outpost-outbound-tls-"));
    const { key, cert, certFile } = await selfSignedCertificate(directory);
    const server = https.createServer({ key, cert }, (_request, response) => response.end("from a local HTTPS server"));
    try {
      await once(server.listen(0, "127.0.0.1"), "listening");
      const httpsVar = ["--var", `HTTP_URL:https://127.0.0.1:${(server.address() as AddressInfo).port}/`];
      const fetched = (env: Record<string, string>) => withDev([path.join(fixturesDir, "outbound"), ...httpsVar], async (dev) => (await dev.fetch("/")).text(), { env });
      assert.equal(await fetched({ NODE_EXTRA_CA_CERTS: certFile }), "200 from a local HTTPS server");
      assert.match(await fetched({ NODE_EXTRA_CA_CERTS: "" }), /^threw: /);
    } finally {
      server.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
