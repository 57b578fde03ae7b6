import { Option, type Command } from "commander";
import { remoteRefusal } from "./wrangler-remote.js";

/** wrangler dev's flags that projects' scripts pass and `outpost dev` takes without acting on them. */
export interface WranglerDevFlags {
  local?: boolean;
  remote?: boolean;
  testScheduled?: boolean;
  latest?: boolean;
  showInteractiveDevSession?: boolean | string;
  liveReload?: boolean;
}

/**
 * Adds wrangler dev's flags that a `package.json` script may pass, so that `wrangler dev` can be
 * replaced by `outpost dev` as it is. They are left out of `--help`: they describe what Outpost
 * does anyway (`--local`, `--test-scheduled`, `--latest`), change nothing here (`--show-interactive-dev-session`),
 * or ask for what it lacks, which `wranglerFlagWarnings` names.
 */
export function withWranglerDevFlags(command: Command): Command {
  return command
    .addOption(new Option("-l, --local").hideHelp())
    .addOption(new Option("-r, --remote").hideHelp())
    .addOption(new Option("--test-scheduled").hideHelp())
    .addOption(new Option("--latest").hideHelp())
    .addOption(new Option("--show-interactive-dev-session [enabled]").hideHelp())
    .addOption(new Option("--no-show-interactive-dev-session").hideHelp())
    .addOption(new Option("--live-reload").hideHelp());
}

/** What the flags ask for that Outpost does not do; `--remote` cannot be honoured at all. */
export function wranglerFlagWarnings(flags: WranglerDevFlags): string[] {
  if (flags.remote) {
    throw remoteRefusal("runs the Worker on Cloudflare's network", "outpost dev runs it on this machine only");
  }
  const warnings: string[] = [];
  if (flags.liveReload) warnings.push("--live-reload is not supported by Outpost yet and is ignored: reload the page after a change.");
  return warnings;
}
