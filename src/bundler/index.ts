export { bundleWorker } from "./bundle.js";
export type { BundleOptions } from "./bundle.js";
export { BundleError } from "./errors.js";
export type { BundleErrorCode } from "./errors.js";
export type { BundleModule, ModuleSourceMap, WorkerBundle, WorkerdModuleKind } from "./worker-bundle.js";
export type { WorkerFormat } from "./worker-format.js";
