import type { WorkerFormat } from "./worker-format.js";

/** How workerd loads a module; the names are the fields of workerd's `Worker.Module`. */
export type WorkerdModuleKind = "esModule" | "commonJsModule" | "text" | "data" | "wasm";

export interface BundleModule {
  /** Name workerd knows the module by, relative to the worker's base directory, `/`-separated. */
  name: string;
  kind: WorkerdModuleKind;
  /** Absolute path of the file holding the module's contents. */
  file: string;
}

/** The modules one worker runs, main module first, with what is needed to map stacks back to sources. */
export interface WorkerBundle {
  modules: BundleModule[];
  /** Absolute path of the source map of the main module, when it was produced by bundling. */
  sourceMapFile?: string;
  /** Absolute paths of every source file the bundle was built from; a change to one means a rebuild. */
  inputs: string[];
  /** Names the main module exports, when bundling could tell them. */
  exports?: string[];
  format: WorkerFormat;
}

export const MODULE_KIND = {
  ESModule: "esModule",
  CommonJS: "commonJsModule",
  Text: "text",
  Data: "data",
  CompiledWasm: "wasm",
} as const satisfies Record<string, WorkerdModuleKind>;
