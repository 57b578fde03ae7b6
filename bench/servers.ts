import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import { workerdPath } from "../src/runtime/workerd-binary.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Starts `outpost dev` on `port` for a benchmark, its REST and S3 APIs on free ports so that
 * several can run side by side; `watch` keeps its rebuilding on changes. Its request logs are
 * dropped; its warnings and errors, such as why it did not start, reach the benchmark's stderr.
 */
export function spawnOutpostDev(project: string, port: number, options: { args?: readonly string[]; watch?: boolean } = {}): ChildProcess {
  const args = ["dev", project, "--port", String(port), "--api-port", "0", "--s3-port", "0", ...(options.watch ? [] : ["--no-watch"]), ...(options.args ?? [])];
  return spawn(process.execPath, [path.join(repoRoot, "bin/outpost.js"), ...args], { stdio: ["ignore", "ignore", "inherit"] });
}

/** Starts `workerd serve --experimental wrangler.jsonc` in `project`: workerd's own bundled services. */
export function spawnBundledWorkerd(project: string, port: number): ChildProcess {
  return spawn(workerdPath, ["serve", "--experimental", "wrangler.jsonc", "--socket-addr", `http=127.0.0.1:${port}`], {
    cwd: project,
    // workerd bundles a wrangler project's main with esbuild, found here rather than on PATH.
    env: { ...process.env, WORKERD_ESBUILD: path.join(repoRoot, "node_modules/.bin/esbuild") },
    stdio: "ignore",
  });
}

/**
 * Starts `entry`, bundled with esbuild into `work`, under a hand-written minimal workerd config
 * listening on `port`: workerd with nothing of Outpost's around the worker.
 */
export async function spawnRawWorkerd(entry: string, work: string, port: number): Promise<ChildProcess> {
  await esbuild.build({ entryPoints: [entry], bundle: true, format: "esm", outfile: path.join(work, "worker.js"), logLevel: "silent" });
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = (modules = [(name = "worker.js", esModule = embed "worker.js")], compatibilityDate = "2025-06-01"))],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
`;
  await writeFile(path.join(work, "raw.capnp"), config);
  return spawn(workerdPath, ["serve", path.join(work, "raw.capnp"), "config"], { stdio: "ignore" });
}
