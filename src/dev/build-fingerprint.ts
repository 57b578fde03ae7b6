import { createHash } from "node:crypto";
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * A digest of what a build directory deploys: each file's path and contents, with `varying` (the
 * strings two builds of the same code differ in, such as the directory's own path) left out. Two
 * builds with one fingerprint run the same.
 */
export async function buildFingerprint(outDir: string, varying: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const name of (await readdir(outDir, { recursive: true })).sort()) {
    const file = path.join(outDir, name);
    if (!(await lstat(file)).isFile()) continue;
    let contents = (await readFile(file)).toString("latin1");
    for (const text of varying) contents = contents.replaceAll(text, "");
    hash.update(`${name}\0${contents.length}\0`).update(contents, "latin1");
  }
  return hash.digest("hex");
}
