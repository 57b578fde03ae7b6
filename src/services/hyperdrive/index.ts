export { hyperdriveBindings } from "./plugin.js";
export { HyperdriveError } from "./errors.js";
export type { HyperdriveErrorCode } from "./errors.js";
