/**
 * Queues end to end through `outpost dev` beside workerd's bundled Queues (`workerd serve
 * --experimental wrangler.jsonc`), one run: messages/s from `sendBatch` in a worker to delivery in
 * its consumer, and p50/p99 latency from send to delivery.
 */
import type { ChildProcess } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { waitForResponse } from "./load.js";
import { spawnBundledWorkerd, spawnOutpostDev } from "./servers.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Messages per `sendBatch`, the most a batch may hold. */
const BATCH = 100;
const CONNECTIONS = 10;
const BUNDLED_PORT = 18830;
const OUTPOST_PORT = 18831;

interface Stats {
  delivered: number;
  lastAt: number;
  p50: number;
  p99: number;
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-queues-"));
  const processes: ChildProcess[] = [];
  try {
    const source = path.join(repoRoot, "bench/projects/queues");
    for (const copy of ["bundled", "outpost"]) await cp(source, path.join(work, copy), { recursive: true });
    processes.push(
      spawnBundledWorkerd(path.join(work, "bundled"), BUNDLED_PORT),
      spawnOutpostDev(path.join(work, "outpost"), OUTPOST_PORT),
    );
    const results: [string, { rate: number; stats: Stats }][] = [];
    for (const [label, port] of [["workerd bundled Queues", BUNDLED_PORT], ["outpost dev", OUTPOST_PORT]] as const) {
      await waitForResponse(`http://127.0.0.1:${port}/stats`);
      results.push([label, await measure(`http://127.0.0.1:${port}`)]);
    }
    console.log(`Queues end to end, sendBatch of ${BATCH} over ${CONNECTIONS} connections for ${SECONDS}s, consumer batches of 100`);
    for (const [label, { rate, stats }] of results) {
      console.log(`  ${label.padEnd(24)} ${rate.toFixed(0).padStart(7)} messages/s  latency p50 ${stats.p50} ms, p99 ${stats.p99} ms`);
    }
    const [base, ours] = results.map(([, result]) => result.rate);
    console.log(`  ratio ${(ours! / base!).toFixed(2)}  (target ≥ 5, and ≥ 10,000 messages/s)`);
  } finally {
    for (const child of processes) child.kill("SIGKILL");
    await rm(work, { recursive: true, force: true });
  }
}

/** Sends for SECONDS, then waits until every message sent has been delivered. */
async function measure(base: string): Promise<{ rate: number; stats: Stats }> {
  const started = Date.now();
  const load = await autocannon({ url: `${base}/send?n=${BATCH}`, connections: CONNECTIONS, duration: SECONDS });
  const sent = load["2xx"] * BATCH;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const stats = (await (await fetch(`${base}/stats`)).json()) as Stats;
    if (stats.delivered >= sent) return { rate: sent / ((stats.lastAt - started) / 1000), stats };
    if (Date.now() > deadline) throw new Error(`${base}: only ${stats.delivered} of ${sent} messages delivered within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

await main();
