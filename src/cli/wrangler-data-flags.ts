import { Option, type Command } from "commander";
import { portNumber } from "./arguments.js";
import { WranglerFlagError } from "./wrangler-flag-error.js";
import { remoteRefusal } from "./wrangler-remote.js";

interface WranglerFlag {
  flags: string;
  /** Parses the flag's value, refusing a malformed one as wrangler would. */
  parse?: (value: string) => unknown;
  /** Why Outpost cannot do what the flag asks, given the command's name (`outpost d1 execute`); a flag without one is taken and changes nothing. */
  refusal?: (command: string) => WranglerFlagError;
}

/**
 * The flags of wrangler's data commands (`wrangler d1 execute`, `kv key put`, `workflows trigger` …)
 * that scripts and tutorials pass, so that their command lines work on `outpost` as typed. Each
 * command takes those its wrangler counterpart takes. Outpost's data is always the local data, so
 * those that choose it change nothing and those that ask for Cloudflare's are refused.
 */
const WRANGLER_FLAGS = {
  local: { flags: "--local" },
  remote: { flags: "--remote", refusal: (command) => remoteRefusal("works on the data in your Cloudflare account", `${command} already works on the local data, as wrangler's --local does`) },
  /** wrangler asks before running a file on a remote database; Outpost never asks. */
  yes: { flags: "-y, --yes" },
  /** wrangler asks before applying migrations or deleting a bulk file's keys; Outpost never asks. */
  force: { flags: "-f, --force" },
  /** wrangler asks before writing to a bucket with a data catalog; Outpost's buckets have none. */
  catalogForce: { flags: "-y, --force" },
  /** wrangler's local mode keeps one store whatever the jurisdiction, and so does Outpost. */
  jurisdiction: { flags: "-J, --jurisdiction <jurisdiction>" },
  d1Preview: {
    flags: "--preview",
    refusal: () =>
      new WranglerFlagError(
        "ERR_WRANGLER_FLAG_UNSUPPORTED",
        "--preview works on the database's preview_database_id on Cloudflare, which wrangler reaches only with --remote; Outpost has no remote. Drop --preview to work on the local database.",
      ),
  },
  batchSize: {
    flags: "--batch-size <count>",
    refusal: () =>
      new WranglerFlagError("ERR_WRANGLER_FLAG_UNSUPPORTED", "--batch-size was removed in wrangler 4, and Outpost runs each file or migration in one transaction. Drop --batch-size."),
  },
  /** The port of the `wrangler dev` that wrangler's --local asks; Outpost works on the store, whichever outpost dev serves it. */
  port: { flags: "--port <port>", parse: portNumber("--port") },
} satisfies Record<string, WranglerFlag>;

export type WranglerFlagName = keyof typeof WRANGLER_FLAGS;

/**
 * Adds wrangler's flags `names` to a data command, left out of `--help`: those that change nothing
 * here are taken, and the others are refused, naming the flag, before the command runs.
 */
export function withWranglerFlags(command: Command, names: readonly WranglerFlagName[]): Command {
  const refused: [Option, NonNullable<WranglerFlag["refusal"]>][] = [];
  for (const name of names) {
    const flag: WranglerFlag = WRANGLER_FLAGS[name];
    const option = new Option(flag.flags).hideHelp();
    if (flag.parse !== undefined) option.argParser(flag.parse);
    command.addOption(option);
    if (flag.refusal !== undefined) refused.push([option, flag.refusal]);
  }
  if (refused.length === 0) return command;
  return command.hook("preAction", (self) => {
    for (const [option, refusal] of refused) {
      if (self.getOptionValue(option.attributeName()) !== undefined) throw refusal(commandPath(self));
    }
  });
}

/** `outpost d1 migrations apply`: the command's name after its parents'. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) names.unshift(current.name());
  return names.join(" ");
}
