/**
 * Runs a project under `outpost dev` and under `workerd serve --experimental wrangler.jsonc`
 * (workerd's bundled services) side by side, each on its own copy, and prints each route's
 * requests/s for both and the ratio.
 */
import type { ChildProcess } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CONNECTIONS, median, medianRatio, pairedRounds, waitForResponse } from "./load.js";
import { spawnBundledWorkerd, spawnOutpostDev } from "./servers.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

export interface BundledBaselineBenchmark {
  title: string;
  /** A folder of bench/projects/. */
  project: string;
  /** A route answering 2xx with `expected` once the data the routes need is in place. */
  seed: { route: string; expected: string };
  routes: readonly { label: string; route: string }[];
  ports: { bundled: number; outpost: number };
  target: number;
}

export async function runBundledBaseline(benchmark: BundledBaselineBenchmark): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), `outpost-bench-${benchmark.project}-`));
  const processes: ChildProcess[] = [];
  try {
    const source = path.join(repoRoot, "bench/projects", benchmark.project);
    for (const copy of ["bundled", "outpost"]) await cp(source, path.join(work, copy), { recursive: true });
    processes.push(
      spawnBundledWorkerd(path.join(work, "bundled"), benchmark.ports.bundled),
      spawnOutpostDev(path.join(work, "outpost"), benchmark.ports.outpost),
    );
    const bundled = `http://127.0.0.1:${benchmark.ports.bundled}`;
    const outpost = `http://127.0.0.1:${benchmark.ports.outpost}`;
    for (const base of [bundled, outpost]) await waitForResponse(`${base}${benchmark.seed.route}`, benchmark.seed.expected);

    console.log(`${benchmark.title}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s per server (autocannon)`);
    for (const { label, route } of benchmark.routes) {
      const [base, ours] = await pairedRounds([`${bundled}${route}`, `${outpost}${route}`], ROUNDS, SECONDS);
      console.log(`  ${label}`);
      console.log(`    workerd bundled     ${median(base!).toFixed(0).padStart(6)} req/s`);
      console.log(`    outpost dev         ${median(ours!).toFixed(0).padStart(6)} req/s  ratio ${medianRatio(ours!, base!).toFixed(2)}  (target ≥ ${benchmark.target})`);
    }
  } finally {
    for (const child of processes) child.kill("SIGKILL");
    await rm(work, { recursive: true, force: true });
  }
}
