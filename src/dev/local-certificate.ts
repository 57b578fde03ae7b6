import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { generate } from "selfsigned";
import type { TlsKeypair } from "../runtime/index.js";
import { DevServerError } from "./errors.js";

/** How long a generated certificate is valid for, in days, as wrangler's is. */
const CERTIFICATE_DAYS = 30;
/** A kept certificate this close to expiry, in milliseconds, is replaced rather than served. */
const RENEW_WITHIN_MS = 24 * 60 * 60 * 1000;

/**
 * The key and certificate `outpost dev` serves HTTPS with: the user's own pair, given as
 * `--https-key-path` and `--https-cert-path`, or else a self-signed one for localhost, kept in
 * `<persistTo>/local-cert/` so that a browser told to trust it keeps trusting it, and replaced
 * when it is about to expire.
 */
export async function localCertificate(persistTo: string, custom: { keyPath?: string; certPath?: string }): Promise<TlsKeypair> {
  if (custom.keyPath !== undefined || custom.certPath !== undefined) return customCertificate(custom.keyPath, custom.certPath);
  const directory = path.join(persistTo, "local-cert");
  return (await keptCertificate(directory)) ?? (await newCertificate(directory));
}

async function customCertificate(keyPath: string | undefined, certPath: string | undefined): Promise<TlsKeypair> {
  if (keyPath === undefined || certPath === undefined) {
    throw new DevServerError("ERR_HTTPS_CERTIFICATE", "Give both --https-key-path and --https-cert-path to serve HTTPS with your own certificate, or neither for a self-signed one.");
  }
  const privateKey = await readPem(keyPath, "--https-key-path");
  const certificateChain = await readPem(certPath, "--https-cert-path");
  let matches: boolean;
  try {
    matches = new X509Certificate(certificateChain).checkPrivateKey(createPrivateKey(privateKey));
  } catch (error) {
    throw new DevServerError("ERR_HTTPS_CERTIFICATE", `Cannot read the key or certificate (--https-key-path ${keyPath}, --https-cert-path ${certPath}): ${(error as Error).message}`);
  }
  if (!matches) throw new DevServerError("ERR_HTTPS_CERTIFICATE", `The certificate ${certPath} (--https-cert-path) is not for the key ${keyPath} (--https-key-path).`);
  return { privateKey, certificateChain };
}

async function readPem(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new DevServerError("ERR_HTTPS_CERTIFICATE", `Cannot read ${file} (${flag}): ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}.`);
  }
}

async function keptCertificate(directory: string): Promise<TlsKeypair | undefined> {
  try {
    const [privateKey, certificateChain] = await Promise.all([readFile(path.join(directory, "key.pem"), "utf8"), readFile(path.join(directory, "cert.pem"), "utf8")]);
    const expires = new Date(new X509Certificate(certificateChain).validTo).getTime();
    return expires - Date.now() > RENEW_WITHIN_MS ? { privateKey, certificateChain } : undefined;
  } catch {
    return undefined;
  }
}

async function newCertificate(directory: string): Promise<TlsKeypair> {
  const now = new Date();
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    algorithm: "sha256",
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + CERTIFICATE_DAYS * 24 * 60 * 60 * 1000),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }, { type: 7, ip: "::1" }] },
    ],
  });
  await mkdir(directory, { recursive: true });
  await writeAtomically(path.join(directory, "key.pem"), pems.private, 0o600);
  await writeAtomically(path.join(directory, "cert.pem"), pems.cert, 0o644);
  return { privateKey: pems.private, certificateChain: pems.cert };
}

async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  await writeFile(`${file}.tmp`, text, { mode });
  await rename(`${file}.tmp`, file);
}
