import { Command } from "commander";
import { consumerCommands } from "./queues-consumer-commands.js";
import { infoCommand, listCommand } from "./queues-inspect-commands.js";
import { createCommand, deleteCommand, purgeCommand } from "./queues-manage-commands.js";
import { tokenCommands } from "./queues-token-commands.js";

/** `outpost queues`: wrangler's `queues` commands, over the messages `outpost dev` keeps for the project. */
export function queuesCommand(): Command {
  return new Command("queues")
    .description("List, inspect, create, purge and delete the project's queues, the same messages outpost dev delivers")
    .addCommand(listCommand())
    .addCommand(infoCommand())
    .addCommand(createCommand())
    .addCommand(deleteCommand())
    .addCommand(purgeCommand())
    .addCommand(consumerCommands())
    .addCommand(tokenCommands());
}
