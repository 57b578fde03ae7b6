import { Command, Option } from "commander";
import { withWranglerFlags } from "./wrangler-data-flags.js";

/** Where the project and its data are, and how to print: the options every `kv` and `d1` subcommand takes. */
export interface ProjectOptions {
  config?: string;
  env?: string;
  persistTo?: string;
  json?: boolean;
}

/** A subcommand over the project's persisted data, with the options every one takes. */
export function projectSubcommand(name: string, description: string): Command {
  return configSubcommand(name, description).option(
    "--persist-to <dir>",
    "directory of persisted data, as given to outpost dev (default: .outpost/ in the project)",
  );
}

/**
 * A subcommand that reads the project's config alone: `projectSubcommand` without `--persist-to`.
 * It takes wrangler's `--local`, and refuses `--remote`, as every command over the project's data does.
 */
export function configSubcommand(name: string, description: string): Command {
  const command = new Command(name)
    .description(description)
    .option("-c, --config <path>", "config file or project directory (default: the current directory)")
    .addOption(envOption())
    .option("--json", "print machine-readable JSON");
  return withWranglerFlags(command, ["local", "remote"]);
}

/** `--env`, which `CLOUDFLARE_ENV` gives when it is not passed, as in wrangler; an empty value names no environment. */
export function envOption(): Option {
  return new Option("-e, --env <name>", "use the env.<name> section of the config")
    .env("CLOUDFLARE_ENV")
    .argParser((name: string) => (name === "" ? undefined : name));
}
