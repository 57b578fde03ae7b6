/**
 * Workflows through `outpost dev` beside workerd's bundled Workflows (`workerd serve
 * --experimental wrangler.jsonc`), one run each: instances/s completed for a 3-step workflow with
 * no sleeps (created in batches of 100 over several connections), and the p50/p99 time a
 * `step.do` with an empty body takes, measured in the workflow: under that load, and with one
 * instance at a time (the engine's own per-step overhead).
 */
import type { ChildProcess } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { waitForResponse } from "./load.js";
import { spawnBundledWorkerd, spawnOutpostDev } from "./servers.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Instances each engine runs. */
const INSTANCES = Number(process.env.BENCH_WORKFLOW_INSTANCES ?? 3000);
/** Instances per `createBatch`, the most Cloudflare allows. */
const BATCH = 100;
/** `createBatch` calls in flight at once. */
const CREATORS = 4;
const BUNDLED_PORT = 18840;
const OUTPOST_PORT = 18841;
/** Instances run one at a time for the unloaded per-step overhead. */
const SEQUENTIAL = 50;
/** Longest either engine may take to complete every instance. */
const DEADLINE_MS = 300_000;

interface Stats {
  completed: number;
  lastAt: number;
  p50: number;
  p99: number;
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-workflows-"));
  const processes: ChildProcess[] = [];
  try {
    const source = path.join(repoRoot, "bench/projects/workflows");
    for (const copy of ["bundled", "outpost"]) await cp(source, path.join(work, copy), { recursive: true });
    const results: [string, { rate: number; stats: Stats; unloaded: Stats }][] = [];
    const servers = [
      ["workerd bundled Workflows", BUNDLED_PORT, () =>
        spawnBundledWorkerd(path.join(work, "bundled"), BUNDLED_PORT)],
      ["outpost dev", OUTPOST_PORT, () =>
        spawnOutpostDev(path.join(work, "outpost"), OUTPOST_PORT, { args: ["--log-level", "warn"] })],
    ] as const;
    // One engine at a time, so neither takes CPU from the other on this 2-core machine.
    for (const [label, port, start] of servers) {
      const child = start();
      processes.push(child);
      await waitForResponse(`http://127.0.0.1:${port}/stats`);
      const base = `http://127.0.0.1:${port}`;
      const loaded = await measure(base);
      results.push([label, { ...loaded, unloaded: await measureUnloaded(base) }]);
      child.kill("SIGKILL");
    }
    console.log(`Workflows, ${INSTANCES} instances of a 3-step workflow with no sleeps, createBatch of ${BATCH} × ${CREATORS} in flight`);
    for (const [label, { rate, stats, unloaded }] of results) {
      console.log(`  ${label.padEnd(26)} ${rate.toFixed(0).padStart(6)} instances/s  step.do under load p50 ${stats.p50} ms, p99 ${stats.p99} ms;` +
        ` one instance at a time p50 ${unloaded.p50} ms, p99 ${unloaded.p99} ms`);
    }
    const [base, ours] = results.map(([, result]) => result.rate);
    console.log(`  ratio ${(ours! / base!).toFixed(2)}  (target ≥ 5, and ≥ 1,000 instances/s)`);
  } finally {
    for (const child of processes) child.kill("SIGKILL");
    await rm(work, { recursive: true, force: true });
  }
}

/** Creates INSTANCES instances, then waits until all have completed; the rate runs from the first create to the last completion. */
async function measure(base: string): Promise<{ rate: number; stats: Stats }> {
  const started = Date.now();
  let batches = INSTANCES / BATCH;
  await Promise.all(
    Array.from({ length: CREATORS }, async () => {
      while (batches-- > 0) {
        const response = await fetch(`${base}/start?n=${BATCH}`);
        if (!response.ok) throw new Error(`${base}: createBatch answered ${response.status}: ${await response.text()}`);
      }
    }),
  );
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const stats = (await (await fetch(`${base}/stats`)).json()) as Stats;
    if (stats.completed >= INSTANCES) return { rate: INSTANCES / ((stats.lastAt - started) / 1000), stats };
    if (Date.now() > deadline) throw new Error(`${base}: only ${stats.completed} of ${INSTANCES} instances completed within ${DEADLINE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs SEQUENTIAL instances one after another and answers the step times they saw. */
async function measureUnloaded(base: string): Promise<Stats> {
  await fetch(`${base}/reset`);
  for (let done = 1; done <= SEQUENTIAL; done++) {
    await fetch(`${base}/start?n=1`);
    for (;;) {
      const stats = (await (await fetch(`${base}/stats`)).json()) as Stats;
      if (stats.completed >= done) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  return (await (await fetch(`${base}/stats`)).json()) as Stats;
}

await main();
