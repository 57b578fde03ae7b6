import { Command } from "commander";
import { bulkCommands } from "./kv-bulk-commands.js";
import { keyCommands } from "./kv-key-commands.js";
import { namespaceCommands } from "./kv-namespace-commands.js";

/** `outpost kv`: wrangler's `kv` commands, over the data `outpost dev` keeps for the project. */
export function kvCommand(): Command {
  return new Command("kv")
    .description("Read and write the project's Workers KV data, the same data outpost dev serves")
    .addCommand(namespaceCommands())
    .addCommand(keyCommands())
    .addCommand(bulkCommands());
}
