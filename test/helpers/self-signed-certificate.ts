import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";

/** A key and a self-signed certificate for 127.0.0.1, made with openssl in `directory`: `cert.pem` is also the CA to trust. */
export async function selfSignedCertificate(directory: string): Promise<{ key: Buffer; cert: Buffer; certFile: string }> {
  const [keyFile, certFile] = [path.join(directory, "key.pem"), path.join(directory, "cert.pem")];
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
    { stdio: "ignore" },
  );
  return { key: await readFile(keyFile), cert: await readFile(certFile), certFile };
}
