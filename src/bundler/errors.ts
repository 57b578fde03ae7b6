import { OutpostError } from "../errors.js";

export type BundleErrorCode =
  /** esbuild could not build the worker: a syntax error, a missing import, … */
  | "ERR_BUILD_FAILED"
  /** `no_bundle` was set but `main` is not JavaScript workerd can run as it is. */
  | "ERR_NO_BUNDLE_MAIN"
  /** A file matched a module rule that an earlier rule of its type, without `fallthrough = true`, made wrangler ignore. */
  | "ERR_IGNORED_MODULE_RULE";

export class BundleError extends OutpostError<BundleErrorCode> {}
