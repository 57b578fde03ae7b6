import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const PREFIX = "outpost-";
const OWNED_BY = /^outpost-(\d+)-/;

/**
 * A fresh temporary directory for this process's builds, named after its pid. Directories left by
 * processes that no longer run (killed with `kill -9`, so they never cleaned up) are removed first.
 */
export async function createBuildDirectory(): Promise<string> {
  const tmp = os.tmpdir();
  const stale = (await readdir(tmp)).filter((name) => {
    const owner = OWNED_BY.exec(name);
    return owner !== null && !isRunning(Number(owner[1]));
  });
  await Promise.all(stale.map((name) => rm(path.join(tmp, name), { recursive: true, force: true })));
  return mkdtemp(path.join(tmp, `${PREFIX}${process.pid}-`));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
