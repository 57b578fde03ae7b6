import { Command } from "commander";
import { infoCommand, listCommand } from "./d1-database-commands.js";
import { executeCommand } from "./d1-execute-command.js";
import { exportCommand } from "./d1-export-command.js";
import { migrationsCommands } from "./d1-migrations-commands.js";
import { timeTravelCommands } from "./d1-time-travel-commands.js";

/** `outpost d1`: wrangler's `d1` commands, over the databases `outpost dev` keeps for the project. */
export function d1Command(): Command {
  return new Command("d1")
    .description("Query, migrate, export and restore the project's D1 databases, the same data outpost dev serves")
    .addCommand(listCommand())
    .addCommand(infoCommand())
    .addCommand(executeCommand())
    .addCommand(migrationsCommands())
    .addCommand(exportCommand())
    .addCommand(timeTravelCommands());
}
