import { Command } from "commander";
import { QueuesCommandError } from "./queues-command-error.js";

/** `outpost queues consumer add|remove`: explains that a consumer is configured, not added by a command. */
export function consumerCommands(): Command {
  return new Command("consumer")
    .description("Explain how to add or remove a queue's consumer: in Outpost it comes from a worker's config")
    .addCommand(explanation("add", (queue) => `To make a worker consume "${queue}", add it to that worker's config:`))
    .addCommand(explanation("remove", (queue) => `To stop a worker consuming "${queue}", delete its entry from that worker's config:`));
}

function explanation(name: "add" | "remove", lead: (queue: string) => string): Command {
  return new Command(name)
    .description(`Show the config change that ${name === "add" ? "adds" : "removes"} a consumer`)
    .argument("<queue>", "the queue's name")
    .argument("[script]", "the consuming worker (ignored: the config that names the consumer decides)")
    .allowUnknownOption()
    .allowExcessArguments()
    .action((queue: string) => {
      throw new QueuesCommandError(
        "ERR_QUEUE_CONSUMER_FROM_CONFIG",
        [
          `outpost queues consumer ${name} changes nothing: in Outpost a queue's consumer is the worker whose config lists it under queues.consumers.`,
          lead(queue),
          `  "queues": { "consumers": [{ "queue": "${queue}", "max_batch_size": 10, "max_batch_timeout": 5 }] }`,
          "then restart outpost dev.",
        ].join("\n"),
      );
    });
}
