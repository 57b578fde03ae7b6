/**
 * Runs every benchmark in turn, each in a process of its own, so that none measures with a client
 * whose heap holds what the ones before it loaded and left: a larger heap makes each garbage
 * collection of a download's socket buffers longer. Each prints Outpost beside its baseline and the ratio.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BENCHMARKS = ["hello-world", "kv", "d1", "durable-objects", "queues", "workflows", "r2", "r2-s3", "step-functions", "analytics-engine", "images", "static-assets"];

const here = path.dirname(fileURLToPath(import.meta.url));
for (const benchmark of BENCHMARKS) {
  const { status } = spawnSync(process.execPath, [path.join(here, `${benchmark}.js`)], { stdio: "inherit" });
  if (status !== 0) {
    console.error(`bench/${benchmark} exited with ${status}`);
    process.exitCode = 1;
  }
}
