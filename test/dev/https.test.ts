import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { get } from "node:https";
import path from "node:path";
import { describe, it } from "node:test";
import { generate } from "selfsigned";
import { useFixtureCopy } from "../helpers/fixture-copy.js";
import { failed, freePorts, OutpostDev, runOutpost, withDev } from "../helpers/outpost-cli.js";

interface HttpsAnswer {
  status: number;
  body: string;
  /** SHA-256 fingerprint of the certificate the server presented. */
  fingerprint: string;
}

/** GETs `url`, trusting only `ca`, so the server's certificate must verify against it for `url`'s host. */
function httpsGet(url: string, ca: string): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (response) => {
      const fingerprint = (response.socket as import("node:tls").TLSSocket).getPeerCertificate().fingerprint256;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body, fingerprint }));
    }).on("error", reject);
  });
}

describe("outpost dev: HTTPS (--local-protocol https)", () => {
  let project: string;
  useFixtureCopy("hello", (copied) => (project = copied));
  const keptCertificate = () => path.join(project, ".outpost/local-cert/cert.pem");

  it("serves HTTPS with a self-signed certificate for localhost and 127.0.0.1, kept and reused across restarts", async () => {
    const first = await withDev([project, "--local-protocol", "https"], async (dev) => {
      assert.match(dev.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = await readFile(keptCertificate(), "utf8");
      const answer = await httpsGet(dev.url, ca);
      assert.deepEqual([answer.status, answer.body], [200, "Hello World!"]);
      assert.equal((await httpsGet(dev.url.replace("127.0.0.1", "localhost"), ca)).status, 200);
      return answer.fingerprint;
    });
    const certificate = new X509Certificate(await readFile(keptCertificate()));
    assert.match(certificate.subjectAltName ?? "", /DNS:localhost/);
    assert.match(certificate.subjectAltName ?? "", /IP Address:127\.0\.0\.1/);
    const days = (new Date(certificate.validTo).getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 29 && days <= 30, `valid for ${days} days`);
    assert.equal((await stat(path.join(project, ".outpost/local-cert/key.pem"))).mode & 0o777, 0o600);

    const again = await withDev([project, "--local-protocol", "https"], async (dev) => (await httpsGet(dev.url, await readFile(keptCertificate(), "utf8"))).fingerprint);
    assert.equal(again, first, "the kept certificate is served again");
  });

  it("dev.local_protocol in the config turns HTTPS on; --local-protocol http turns it off", async () => {
    const config = path.join(project, "wrangler.jsonc");
    const original = await readFile(config, "utf8");
    await writeFile(config, original.replace(/^\{/, '{\n\t"dev": { "local_protocol": "https" },'));
    try {
      await withDev([project], async (dev) => assert.match(dev.url, /^https:/));
      await withDev([project, "--local-protocol", "http"], async (dev) => {
        assert.match(dev.url, /^http:/);
        assert.equal(await (await dev.fetch("/")).text(), "Hello World!");
      });
    } finally {
      await writeFile(config, original);
    }
  });

  it("--https-key-path and --https-cert-path: serves that certificate", async () => {
    const pems = await generate([{ name: "commonName", value: "localhost" }], { algorithm: "sha256" });
    const keyFile = path.join(project, "own-key.pem");
    const certFile = path.join(project, "own-cert.pem");
    await writeFile(keyFile, pems.private);
    await writeFile(certFile, pems.cert);
    await withDev([project, "--local-protocol", "https", "--https-key-path", keyFile, "--https-cert-path", certFile], async (dev: OutpostDev) => {
      const answer = await httpsGet(dev.url.replace("127.0.0.1", "localhost"), pems.cert);
      assert.equal(answer.body, "Hello World!");
      assert.equal(answer.fingerprint, new X509Certificate(pems.cert).fingerprint256);
    });
  });

  it("bad key or certificate paths: each refusal names the flag and the file", async () => {
    const keyFile = path.join(project, ".outpost/local-cert/key.pem");
    const other = await generate([{ name: "commonName", value: "elsewhere" }], { algorithm: "sha256" });
    const otherCert = path.join(project, "other-cert.pem");
    await writeFile(otherCert, other.cert);
    const start = (...flags: string[]) => failed(runOutpost(["dev", project, ...freePorts, "--local-protocol", "https", ...flags]));
    assert.match(await start("--https-key-path", keyFile), /Give both --https-key-path and --https-cert-path/);
    assert.match(await start("--https-key-path", keyFile, "--https-cert-path", path.join(project, "missing.pem")), /Cannot read .*missing\.pem \(--https-cert-path\): no such file\./);
    assert.match(await start("--https-key-path", keyFile, "--https-cert-path", otherCert), /The certificate .*other-cert\.pem \(--https-cert-path\) is not for the key .*key\.pem \(--https-key-path\)\./);
    assert.match(await start("--local-protocol", "gopher"), /--local-protocol must be one of http, https \(got "gopher"\)/);
  });
});
