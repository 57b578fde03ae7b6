import { Command } from "commander";

/** Where the project and its data are, and how to print: the options every `kv` subcommand takes. */
export interface KvStoreOptions {
  config?: string;
  env?: string;
  persistTo?: string;
  json?: boolean;
}

/** The store options plus the choice of one namespace. */
export interface KvNamespaceOptions extends KvStoreOptions {
  binding?: string;
  namespaceId?: string;
}

/** A `kv` subcommand with the options every one takes. */
export function kvStoreSubcommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .option("-c, --config <path>", "config file or project directory (default: the current directory)")
    .option("-e, --env <name>", "use the env.<name> section of the config")
    .option("--persist-to <dir>", "directory of persisted data, as given to outpost dev (default: .outpost/ in the project)")
    .option("--json", "print machine-readable JSON");
}

/** A `kv` subcommand that works on one namespace, chosen by binding or by id. */
export function kvNamespaceSubcommand(name: string, description: string): Command {
  return kvStoreSubcommand(name, description)
    .option("--binding <NAME>", "the namespace bound to NAME in the config's kv_namespaces")
    .option("--namespace-id <id>", "the namespace with this id");
}
