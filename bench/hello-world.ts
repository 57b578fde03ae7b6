/**
 * Hello-world requests/s through `outpost dev` beside the same worker under a hand-written minimal
 * workerd config, with the same load tool and concurrency in one run; then the time from
 * `outpost dev` to the first 200 and from a saved edit to the first response from the new code.
 */
import type { ChildProcess } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CONNECTIONS, median, medianRatio, pairedRounds, waitForResponse } from "./load.js";
import { spawnOutpostDev, spawnRawWorkerd } from "./servers.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const example = path.join(repoRoot, "examples/hello-world");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const RAW_PORT = 18787;
const OUTPOST_PORT = 18788;
const QUIET_PORT = 18790;

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-"));
  const processes: ChildProcess[] = [];
  try {
    const raw = await spawnRawWorkerd(path.join(example, "src/index.ts"), work, RAW_PORT);
    processes.push(raw);
    const outpost = spawnOutpostDev(example, OUTPOST_PORT);
    processes.push(outpost);
    const quiet = spawnOutpostDev(example, QUIET_PORT, { args: ["--log-level", "warn"] });
    processes.push(quiet);
    const ports = [RAW_PORT, OUTPOST_PORT, QUIET_PORT];
    for (const port of ports) await waitForResponse(`http://127.0.0.1:${port}/`);

    const [rawRates, loggedRates, quietRates] = await pairedRounds(ports.map((port) => `http://127.0.0.1:${port}/`), ROUNDS, SECONDS);
    console.log(`hello world, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s per server (autocannon)`);
    const line = (label: string, rates: number[], ratio?: number) =>
      console.log(`  ${label.padEnd(34)} ${median(rates).toFixed(0).padStart(6)} req/s${ratio === undefined ? "" : `  ratio ${ratio.toFixed(3)}`}`);
    line("raw workerd (baseline)", rawRates!);
    line("outpost dev (request logs on)", loggedRates!, medianRatio(loggedRates!, rawRates!));
    line("outpost dev --log-level warn", quietRates!, medianRatio(quietRates!, rawRates!));
    console.log("  target: ratio ≥ 0.95");
    for (const child of processes.splice(0)) child.kill("SIGINT");

    await measureDevLoop(work);
  } finally {
    for (const child of processes) child.kill("SIGKILL");
    await rm(work, { recursive: true, force: true });
  }
}

async function measureDevLoop(work: string): Promise<void> {
  const project = path.join(work, "project");
  // The example's own data is in use by the servers measured above, and this copy starts afresh.
  await cp(example, project, { recursive: true, filter: (source) => path.basename(source) !== ".outpost" });
  const port = OUTPOST_PORT + 1;
  const started = performance.now();
  const dev = spawnOutpostDev(project, port, { watch: true });
  try {
    await waitForResponse(`http://127.0.0.1:${port}/`);
    const startup = performance.now() - started;
    const source = path.join(project, "src/index.ts");
    const edited = (await readFile(source, "utf8")).replace("Hello World!", "Hello again!");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const saved = performance.now();
    await writeFile(source, edited);
    await waitForResponse(`http://127.0.0.1:${port}/`, "Hello again!");
    const reload = performance.now() - saved;
    console.log(`dev loop`);
    console.log(`  outpost dev → first 200          ${startup.toFixed(0)} ms`);
    console.log(`  saved edit → first new response  ${reload.toFixed(0)} ms`);
  } finally {
    dev.kill("SIGINT");
  }
}

await main();
