import { readFile } from "node:fs/promises";

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The certificates of the file `NODE_EXTRA_CA_CERTS` names, which wrangler dev has Workers trust
 * beside browsers' CAs, so a Worker can reach a server whose certificate a private CA signed. A
 * file that cannot be read gives none; Node itself warns about it as it starts.
 */
export async function extraCaCertificates(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (file === undefined || file === "") return [];
  try {
    return (await readFile(file, "utf8")).match(PEM_CERTIFICATE) ?? [];
  } catch {
    return [];
  }
}
