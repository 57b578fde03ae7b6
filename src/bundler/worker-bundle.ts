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

/** A module's source map, which maps the stack frames workerd prints for the module back to sources. */
export interface ModuleSourceMap {
  /** The module's `BundleModule.name`, which workerd prints in stack frames. */
  moduleName: string;
  /** Absolute path of the map. */
  sourceMapFile: string;
}

/** The modules one worker runs, main module first, with what is needed to map stacks back to sources. */
export interface WorkerBundle {
  modules: BundleModule[];
  /** The source maps of the modules that have one: the bundled main module's, and those modules link. */
  sourceMaps: ModuleSourceMap[];
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
