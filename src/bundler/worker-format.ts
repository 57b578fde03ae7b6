import path from "node:path";
import * as esbuild from "esbuild";

/** wrangler's two Worker formats: ES modules that export handlers, or a script that calls `addEventListener`. */
export type WorkerFormat = "modules" | "service-worker";

/** What references to the global `addEventListener` become, so they can be told from strings and shadowing names. */
const GLOBAL_LISTENER_MARK = "__OUTPOST_GLOBAL_ADD_EVENT_LISTENER__";

/**
 * The format of a worker whose main module exports `exports`, decided as wrangler does: no exports
 * make a Service Worker, a default export a module Worker, and named exports alone a Service
 * Worker, with wrangler's warning, only if the script refers to the global `addEventListener`.
 * A main module whose exports are unknown (CommonJS) is a module Worker.
 */
export async function workerFormatOf(
  main: string,
  exports: readonly string[] | undefined,
  warn: (message: string) => void,
): Promise<WorkerFormat> {
  if (exports === undefined || exports.includes("default")) return "modules";
  if (exports.length === 0) return "service-worker";
  if (!(await refersToGlobalAddEventListener(main))) return "modules";
  warn(
    `The entrypoint ${path.relative(process.cwd(), main)} has exports like an ES Module, but hasn't defined a default export like a module worker normally would. ` +
      'Building the worker using "service-worker" format...',
  );
  return "service-worker";
}

async function refersToGlobalAddEventListener(main: string): Promise<boolean> {
  const result = await esbuild.build({
    entryPoints: [main],
    bundle: false,
    write: false,
    logLevel: "silent",
    loader: { ".js": "jsx", ".mjs": "jsx", ".cjs": "jsx" },
    define: {
      addEventListener: GLOBAL_LISTENER_MARK,
      "globalThis.addEventListener": GLOBAL_LISTENER_MARK,
      "self.addEventListener": GLOBAL_LISTENER_MARK,
    },
  });
  return result.outputFiles.some((file) => file.text.includes(GLOBAL_LISTENER_MARK));
}
