import { Command } from "commander";
import { instancesCommand } from "./workflows-instance-commands.js";
import { listCommand, triggerCommand } from "./workflows-commands.js";

/** `outpost workflows`: wrangler's `workflows` commands, over the instances `outpost dev` runs for the project. */
export function workflowsCommand(): Command {
  return new Command("workflows")
    .description("List Workflows, trigger instances, and inspect and control them")
    .addCommand(listCommand())
    .addCommand(triggerCommand())
    .addCommand(instancesCommand());
}
