import { OutpostError } from "../errors.js";

export type BundleErrorCode =
  /** esbuild could not build the worker: a syntax error, a missing import, … */
  | "ERR_BUILD_FAILED"
  /** `no_bundle` was set but `main` is not JavaScript workerd can run as it is. */
  | "ERR_NO_BUNDLE_MAIN";

export class BundleError extends OutpostError<BundleErrorCode> {}
