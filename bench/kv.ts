/**
 * Workers KV through `outpost dev` beside the same worker under `workerd serve --experimental
 * wrangler.jsonc` (workerd's bundled KV), one run: a hot-key read, and a put followed by a get.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { workerdPath } from "../src/runtime/workerd-binary.js";
import { CONNECTIONS, median, medianRatio, pairedRounds, waitForResponse } from "./load.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BUNDLED_PORT = 18800;
const OUTPOST_PORT = 18801;

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-kv-"));
  const processes: ChildProcess[] = [];
  try {
    const source = path.join(repoRoot, "bench/projects/kv");
    for (const copy of ["bundled", "outpost"]) await cp(source, path.join(work, copy), { recursive: true });
    processes.push(
      spawn(workerdPath, ["serve", "--experimental", "wrangler.jsonc", "--socket-addr", `http=127.0.0.1:${BUNDLED_PORT}`], {
        cwd: path.join(work, "bundled"),
        // workerd bundles a wrangler project's main with esbuild, found here rather than on PATH.
        env: { ...process.env, WORKERD_ESBUILD: path.join(repoRoot, "node_modules/.bin/esbuild") },
        stdio: "ignore",
      }),
      spawn(process.execPath, [path.join(repoRoot, "bin/outpost.js"), "dev", path.join(work, "outpost"), "--port", String(OUTPOST_PORT), "--no-watch"], {
        stdio: "ignore",
      }),
    );
    const bundled = `http://127.0.0.1:${BUNDLED_PORT}`;
    const outpost = `http://127.0.0.1:${OUTPOST_PORT}`;
    for (const base of [bundled, outpost]) await waitForResponse(`${base}/seed`, "seeded");

    console.log(`Workers KV, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s per server (autocannon)`);
    for (const [label, route] of [["hot key get", "/hot"], ["put then get", "/put-get"]] as const) {
      const [base, ours] = await pairedRounds([`${bundled}${route}`, `${outpost}${route}`], ROUNDS, SECONDS);
      console.log(`  ${label}`);
      console.log(`    workerd bundled KV  ${median(base!).toFixed(0).padStart(6)} req/s`);
      console.log(`    outpost dev         ${median(ours!).toFixed(0).padStart(6)} req/s  ratio ${medianRatio(ours!, base!).toFixed(2)}  (target ≥ 5)`);
    }
  } finally {
    for (const child of processes) child.kill("SIGKILL");
    await rm(work, { recursive: true, force: true });
  }
}

await main();
