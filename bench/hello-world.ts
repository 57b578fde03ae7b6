/**
 * Hello-world requests/s through `outpost dev` beside the same worker under a hand-written minimal
 * workerd config, with the same load tool and concurrency in one run; then the time from
 * `outpost dev` to the first 200 and from a saved edit to the first response from the new code.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import * as esbuild from "esbuild";
import { workerdPath } from "../src/runtime/workerd-binary.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(repoRoot, "bin/outpost.js");
const example = path.join(repoRoot, "examples/hello-world");
const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const RAW_PORT = 18787;
const OUTPOST_PORT = 18788;
const QUIET_PORT = 18790;

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-"));
  const processes: ChildProcess[] = [];
  try {
    const raw = await startRawWorkerd(work);
    processes.push(raw);
    const outpost = spawn(process.execPath, [bin, "dev", example, "--port", String(OUTPOST_PORT), "--no-watch"], { stdio: "ignore" });
    processes.push(outpost);
    const quiet = spawn(process.execPath, [bin, "dev", example, "--port", String(QUIET_PORT), "--no-watch", "--log-level", "warn"], { stdio: "ignore" });
    processes.push(quiet);
    for (const port of [RAW_PORT, OUTPOST_PORT, QUIET_PORT]) await firstOk(`http://127.0.0.1:${port}/`);

    // The machine is noisy, so each round measures every server back to back, in a rotating order,
    // and the ratio reported is the median of the rounds' own ratios.
    const ports = [RAW_PORT, OUTPOST_PORT, QUIET_PORT];
    const rates: Record<number, number[]> = { [RAW_PORT]: [], [OUTPOST_PORT]: [], [QUIET_PORT]: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const port of [...ports.slice(round % 3), ...ports.slice(0, round % 3)]) rates[port]!.push(await requestsPerSecond(port));
    }
    console.log(`hello world, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s per server (autocannon)`);
    const line = (label: string, port: number) => {
      const ratios = rates[port]!.map((rate, round) => rate / rates[RAW_PORT]![round]!);
      const ratio = port === RAW_PORT ? "" : `  ratio ${median(ratios).toFixed(3)} (median of per-round ratios)`;
      console.log(`  ${label.padEnd(34)} ${median(rates[port]!).toFixed(0).padStart(6)} req/s${ratio}`);
    };
    line("raw workerd (baseline)", RAW_PORT);
    line("outpost dev (request logs on)", OUTPOST_PORT);
    line("outpost dev --log-level warn", QUIET_PORT);
    console.log("  target: ratio ≥ 0.95");
    for (const child of processes.splice(0)) child.kill("SIGINT");

    await measureDevLoop(work);
  } finally {
    for (const child of processes) child.kill("SIGKILL");
    await rm(work, { recursive: true, force: true });
  }
}

async function startRawWorkerd(work: string): Promise<ChildProcess> {
  await esbuild.build({ entryPoints: [path.join(example, "src/index.ts")], bundle: true, format: "esm", outfile: path.join(work, "worker.js"), logLevel: "silent" });
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = (modules = [(name = "worker.js", esModule = embed "worker.js")], compatibilityDate = "2025-06-01"))],
  sockets = [(name = "http", address = "127.0.0.1:${RAW_PORT}", http = (), service = "main")],
);
`;
  await writeFile(path.join(work, "raw.capnp"), config);
  return spawn(workerdPath, ["serve", path.join(work, "raw.capnp"), "config"], { stdio: "ignore" });
}

async function measureDevLoop(work: string): Promise<void> {
  const project = path.join(work, "project");
  await cp(example, project, { recursive: true });
  const port = OUTPOST_PORT + 1;
  const started = performance.now();
  const dev = spawn(process.execPath, [bin, "dev", project, "--port", String(port)], { stdio: "ignore" });
  try {
    await firstOk(`http://127.0.0.1:${port}/`);
    const startup = performance.now() - started;
    const source = path.join(project, "src/index.ts");
    const edited = (await readFile(source, "utf8")).replace("Hello World!", "Hello again!");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const saved = performance.now();
    await writeFile(source, edited);
    await firstBody(`http://127.0.0.1:${port}/`, "Hello again!");
    const reload = performance.now() - saved;
    console.log(`dev loop`);
    console.log(`  outpost dev → first 200          ${startup.toFixed(0)} ms`);
    console.log(`  saved edit → first new response  ${reload.toFixed(0)} ms`);
  } finally {
    dev.kill("SIGINT");
  }
}

async function requestsPerSecond(port: number): Promise<number> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}/`, connections: CONNECTIONS, duration: SECONDS });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`port ${port}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  return result.requests.average;
}

async function firstOk(url: string): Promise<void> {
  await firstBody(url, undefined);
}

async function firstBody(url: string, expected: string | undefined): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      const body = await response.text();
      if (response.ok && (expected === undefined || body === expected)) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not answer${expected ? ` "${expected}"` : ""} within 30 s`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

await main();
