import { ConfigError } from "./config-error.js";
import type { WorkerConfig } from "./worker-config.js";

/**
 * workerd's experimental flag that moves the D1 binding from HTTP to JS RPC, a protocol Outpost's
 * D1 does not serve. `outpost dev` runs workerd with `--experimental` for its own use, so workerd
 * would take the flag, and every query would fail with "Network connection lost".
 */
const D1_JSRPC_FLAG = "d1_binding_jsrpc";

/** Fails for compatibility flags that would break a binding the config declares. */
export function checkCompatibilityFlags(config: WorkerConfig, configName: string): void {
  if (config.d1_databases.length > 0 && config.compatibility_flags.includes(D1_JSRPC_FLAG)) {
    throw new ConfigError(
      "ERR_CONFIG_INVALID",
      `compatibility_flags in ${configName}: "${D1_JSRPC_FLAG}" is an experimental workerd flag that moves D1 bindings to a JS RPC ` +
        "protocol Outpost's D1 does not serve. Remove it to use d1_databases.",
    );
  }
}
