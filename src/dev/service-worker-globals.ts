import path from "node:path";
import type { BundleModule, WorkerBundle, WorkerdModuleKind } from "../bundler/index.js";
import type { WorkerConfig } from "../config/index.js";
import { DevServerError } from "./errors.js";

/** The config fields that give a Service Worker script globals holding a file, and how workerd loads each. */
const BLOB_FIELDS = { wasm_modules: "wasm", text_blobs: "text", data_blobs: "data" } as const satisfies Record<string, WorkerdModuleKind>;

/** Where blob modules go among the worker's modules, clear of the user's own. */
const BLOB_MODULE_DIRECTORY = "__outpost_globals";

/** A global of a Service Worker script, set to the default export of one of the worker's modules. */
export interface ServiceWorkerGlobal {
  name: string;
  module: string;
}

/** Fails, with wrangler's messages, on what a worker's format rules out. */
export function checkWorkerFormat(config: WorkerConfig, bundle: WorkerBundle, configName: string): void {
  if (bundle.format === "modules") {
    const advice = {
      wasm_modules: "Instead, import the .wasm module directly in your code",
      text_blobs: `Instead, import the file directly in your code, and optionally configure \`[rules]\` in your ${configName} file`,
      data_blobs: `Instead, import the file directly in your code, and optionally configure \`[rules]\` in your ${configName} file`,
    };
    for (const field of Object.keys(BLOB_FIELDS) as (keyof typeof BLOB_FIELDS)[]) {
      if (Object.keys(config[field]).length === 0) continue;
      throw new DevServerError("ERR_WORKER_FORMAT_MISMATCH", `You cannot configure [${field}] with an ES module worker. ${advice[field]}`);
    }
  } else if (config.assets !== undefined) {
    throw new DevServerError(
      "ERR_WORKER_FORMAT_MISMATCH",
      "You cannot use the service-worker format with an `assets` directory yet. For information on how to migrate to the module-worker format, see: " +
        "https://developers.cloudflare.com/workers/learning/migrating-to-module-workers/",
    );
  }
}

/** The modules holding a Service Worker's `wasm_modules`, `text_blobs` and `data_blobs`, and the globals they become. */
export function serviceWorkerBlobs(config: WorkerConfig): { modules: BundleModule[]; globals: ServiceWorkerGlobal[] } {
  const modules: BundleModule[] = [];
  const globals: ServiceWorkerGlobal[] = [];
  for (const [field, kind] of Object.entries(BLOB_FIELDS) as [keyof typeof BLOB_FIELDS, WorkerdModuleKind][]) {
    for (const [name, file] of Object.entries(config[field])) {
      const module = `${BLOB_MODULE_DIRECTORY}/${name}${path.extname(file)}`;
      modules.push({ name: module, kind, file });
      globals.push({ name, module });
    }
  }
  return { modules, globals };
}
