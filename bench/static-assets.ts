/**
 * Static assets through `outpost dev` beside workerd's assets service alone serving the same
 * directory under a hand-written config, in one run; and, as a reference, that service behind a
 * Worker that only passes each request on. The last is the least any design that logs asset
 * requests or encodes them in a Worker would cost: a JS invocation and a service-binding subrequest.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { workerdPath } from "../src/runtime/workerd-binary.js";
import { CONNECTIONS, median, medianRatio, pairedRounds, waitForResponse } from "./load.js";
import { spawnOutpostDev } from "./servers.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RAW_PORT = 18860;
const PASS_THROUGH_PORT = 18861;
const OUTPOST_PORT = 18862;
const ROUTES = [
  { label: "style.css (4 KB)", route: "/style.css" },
  { label: "/ (index.html, 1.6 KB)", route: "/" },
];

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-assets-"));
  const processes: ChildProcess[] = [];
  try {
    const project = path.join(work, "project");
    await cp(path.join(repoRoot, "bench/projects/static-assets"), project, { recursive: true });
    processes.push(await spawnRawAssets(path.join(project, "public"), work), spawnOutpostDev(project, OUTPOST_PORT));
    const bases = [RAW_PORT, OUTPOST_PORT, PASS_THROUGH_PORT].map((port) => `http://127.0.0.1:${port}`);
    for (const base of bases) await waitForResponse(`${base}/style.css`);

    console.log(`Static assets, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s per server (autocannon, no Accept-Encoding)`);
    for (const { label, route } of ROUTES) {
      const [raw, outpost, passThrough] = await pairedRounds(bases.map((base) => `${base}${route}`), ROUNDS, SECONDS);
      console.log(`  ${label}`);
      console.log(`    raw workerd assets service     ${median(raw!).toFixed(0).padStart(6)} req/s`);
      console.log(`    outpost dev                    ${median(outpost!).toFixed(0).padStart(6)} req/s  ratio ${medianRatio(outpost!, raw!).toFixed(3)}  (target ≥ 0.95)`);
      console.log(`    raw, a pass-through Worker     ${median(passThrough!).toFixed(0).padStart(6)} req/s  ratio ${medianRatio(passThrough!, raw!).toFixed(3)}  (reference)`);
    }
  } finally {
    for (const child of processes) child.kill("SIGKILL");
    await rm(work, { recursive: true, force: true });
  }
}

/** workerd serving `directory` with its assets service on RAW_PORT, and behind a pass-through Worker on PASS_THROUGH_PORT. */
async function spawnRawAssets(directory: string, work: string): Promise<ChildProcess> {
  await writeFile(path.join(work, "pass-through.js"), "export default { fetch(request, env) { return env.ASSETS.fetch(request); } };\n");
  await writeFile(
    path.join(work, "raw.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "assets", assets = (path = ${JSON.stringify(directory)}, config = "{}", compatibilityDate = "2025-06-01")),
    (name = "pass-through", worker = (
      modules = [(name = "pass-through.js", esModule = embed "pass-through.js")],
      compatibilityDate = "2025-06-01",
      bindings = [(name = "ASSETS", service = "assets")])),
  ],
  sockets = [
    (name = "assets", address = "127.0.0.1:${RAW_PORT}", http = (), service = "assets"),
    (name = "pass-through", address = "127.0.0.1:${PASS_THROUGH_PORT}", http = (), service = "pass-through"),
  ],
);
`,
  );
  return spawn(workerdPath, ["serve", "--experimental", path.join(work, "raw.capnp"), "config"], { stdio: "ignore" });
}

await main();
