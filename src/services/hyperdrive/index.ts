export { hyperdriveBindings } from "./plugin.js";
export { DatabaseTlsProxies } from "./tls-proxies.js";
export { HyperdriveError } from "./errors.js";
export type { HyperdriveErrorCode } from "./errors.js";
