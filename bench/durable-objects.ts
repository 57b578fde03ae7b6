/**
 * Durable Objects through `outpost dev` beside the same class under a hand-written workerd config,
 * one run: requests/s to one object incrementing a SQL counter, and spread over 1000 objects.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { workerdPath } from "../src/runtime/workerd-binary.js";
import { CONNECTIONS, median, medianRatio, pairedRounds, waitForResponse } from "./load.js";
import { spawnOutpostDev } from "./servers.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const project = path.join(repoRoot, "bench/projects/durable-objects");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RAW_PORT = 18820;
const OUTPOST_PORT = 18821;

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-do-"));
  const processes: ChildProcess[] = [];
  try {
    processes.push(await startRawWorkerd(work));
    processes.push(
      spawnOutpostDev(project, OUTPOST_PORT, { args: ["--persist-to", path.join(work, "outpost")] }),
    );
    const raw = `http://127.0.0.1:${RAW_PORT}`;
    const outpost = `http://127.0.0.1:${OUTPOST_PORT}`;
    for (const base of [raw, outpost]) await waitForResponse(`${base}/one`);
    console.log(`Durable Objects, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s per server (autocannon)`);
    for (const [label, route] of [["one object, SQL counter", "/one"], ["1000 objects, SQL counters", "/many"]] as const) {
      const [base, ours] = await pairedRounds([`${raw}${route}`, `${outpost}${route}`], ROUNDS, SECONDS);
      console.log(`  ${label}`);
      console.log(`    raw workerd   ${median(base!).toFixed(0).padStart(6)} req/s`);
      console.log(`    outpost dev   ${median(ours!).toFixed(0).padStart(6)} req/s  ratio ${medianRatio(ours!, base!).toFixed(3)}  (target ≥ 0.95)`);
    }
  } finally {
    for (const child of processes) child.kill("SIGKILL");
    await rm(work, { recursive: true, force: true });
  }
}

async function startRawWorkerd(work: string): Promise<ChildProcess> {
  await esbuild.build({
    entryPoints: [path.join(project, "src/index.js")],
    bundle: true,
    format: "esm",
    external: ["cloudflare:*"],
    outfile: path.join(work, "worker.js"),
    logLevel: "silent",
  });
  await mkdir(path.join(work, "do"));
  await writeFile(
    path.join(work, "raw.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = (
      modules = [(name = "worker.js", esModule = embed "worker.js")],
      compatibilityDate = "2025-06-01",
      bindings = [(name = "COUNTER", durableObjectNamespace = "Counter")],
      durableObjectNamespaces = [(className = "Counter", uniqueKey = "do-bench-Counter", enableSql = true)],
      durableObjectStorage = (localDisk = "storage"))),
    (name = "storage", disk = (path = "${path.join(work, "do")}", writable = true)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${RAW_PORT}", http = (), service = "main")],
);
`,
  );
  return spawn(workerdPath, ["serve", path.join(work, "raw.capnp"), "config"], { stdio: "ignore" });
}

await main();
