/**
 * Analytics Engine: requests/s of a worker that writes one data point per request, through
 * `outpost dev`, which stores every point durably, beside the same worker on raw workerd with
 * `wrangler dev`'s Analytics Engine binding, which drops them (a no-op `writeDataPoint`); then how
 * many points Outpost stored.
 */
import type { ChildProcess } from "node:child_process";
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CONNECTIONS, median, medianRatio, pairedRounds, waitForResponse } from "./load.js";
import { spawnOutpostDev, spawnRawWorkerd } from "./servers.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RAW_PORT = 18791;
const OUTPOST_PORT = 18792;

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-ae-"));
  const project = path.join(work, "project");
  await cp(path.join(repoRoot, "bench/projects/analytics-engine"), project, { recursive: true });
  const processes: ChildProcess[] = [];
  try {
    const shim = path.join(work, "no-op-binding.js");
    await writeFile(
      shim,
      `import worker from ${JSON.stringify(path.join(project, "src/index.js"))};
const EVENTS = { writeDataPoint() {} };
export default { fetch: (request, env, ctx) => worker.fetch(request, { ...env, EVENTS }, ctx) };
`,
    );
    processes.push(await spawnRawWorkerd(shim, work, RAW_PORT));
    processes.push(spawnOutpostDev(project, OUTPOST_PORT, { args: ["--log-level", "warn"] }));
    const urls = [RAW_PORT, OUTPOST_PORT].map((port) => `http://127.0.0.1:${port}/`);
    for (const url of urls) await waitForResponse(url);

    const [rawRates, outpostRates] = await pairedRounds(urls, ROUNDS, SECONDS);
    console.log(`Analytics Engine, one writeDataPoint per request, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s per server (autocannon)`);
    console.log(`  raw workerd, wrangler dev's no-op binding   ${median(rawRates!).toFixed(0).padStart(6)} req/s`);
    console.log(`  outpost dev, every point stored            ${median(outpostRates!).toFixed(0).padStart(6)} req/s  ratio ${medianRatio(outpostRates!, rawRates!).toFixed(3)}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const query = spawnSync(process.execPath, [path.join(repoRoot, "bin/outpost.js"), "analytics-engine", "sql", "-c", project, "--command", "SELECT count(*) AS points FROM bench", "--json"], { encoding: "utf8" });
    const [{ points }] = JSON.parse(query.stdout) as [{ points: number }];
    console.log(`  data points stored by Outpost              ${points}`);
  } finally {
    for (const child of processes) child.kill("SIGKILL");
    await rm(work, { recursive: true, force: true });
  }
}

await main();
