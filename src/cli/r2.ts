import { Command } from "commander";
import { bucketCommands } from "./r2-bucket-commands.js";
import { r2KeysCommand } from "./r2-keys.js";
import { objectCommands } from "./r2-object-commands.js";

/** `outpost r2`: wrangler's `r2` commands, over the buckets `outpost dev` serves. */
export function r2Command(): Command {
  return new Command("r2")
    .description("Manage the project's R2 buckets and objects, the same data outpost dev serves")
    .addCommand(bucketCommands())
    .addCommand(objectCommands())
    .addCommand(r2KeysCommand());
}
