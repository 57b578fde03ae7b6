import type { Command } from "commander";
import { projectSubcommand } from "./project-options.js";
import { withWranglerFlags } from "./wrangler-data-flags.js";

/** A `workflows` subcommand; it takes the `--port` that wrangler's `workflows … --local` takes too. */
export function workflowsSubcommand(name: string, description: string): Command {
  return withWranglerFlags(projectSubcommand(name, description), ["port"]);
}
