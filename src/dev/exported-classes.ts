import path from "node:path";
import type { WorkerConfig } from "../config/index.js";
import type { WorkerBundle } from "../bundler/index.js";
import { DevServerError } from "./errors.js";

/**
 * Fails, as wrangler does, when the config binds a Durable Object or Workflow class of this
 * worker that its main module does not export.
 */
export function checkExportedClasses(config: WorkerConfig, bundle: WorkerBundle, projectDir: string): void {
  if (bundle.exports === undefined) return;
  const exported = new Set(bundle.exports);
  const missing = (classes: readonly { class_name: string; script_name?: string }[]) =>
    [...new Set(classes.filter((c) => c.script_name === undefined && !exported.has(c.class_name)).map((c) => c.class_name))];
  const entry = path.relative(projectDir, config.main!);
  for (const [kind, classes] of [["Durable Objects", missing(config.durable_objects.bindings)], ["Workflows", missing(config.workflows)]] as const) {
    if (classes.length === 0) continue;
    throw new DevServerError(
      "ERR_CLASS_NOT_EXPORTED",
      `Your Worker depends on the following ${kind}, which are not exported in your entrypoint file: ${classes.join(", ")}.\n` +
        `You should export these objects from your entrypoint, ${entry}.`,
    );
  }
}
