import type { Command } from "commander";
import { printOutcome } from "./output.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";
import { QueuesCommandError } from "./queues-command-error.js";
import { confirmed } from "./queues-confirm.js";
import { assertKnownQueue, knownQueues, withQueueStore } from "./queues-project.js";

interface ForceOptions extends ProjectOptions {
  force?: boolean;
}

/** `outpost queues create <queue>`. */
export function createCommand(): Command {
  return projectSubcommand("create", "Record a queue, so that list shows it before any message is sent")
    .argument("<queue>", "the queue's name")
    .action(async (queue: string, options: ProjectOptions) => {
      await withQueueStore(options, (store, _project, configured) => {
        if (knownQueues(configured, store).includes(queue) || !store.register(queue, Date.now())) {
          throw new QueuesCommandError("ERR_QUEUE_EXISTS", `Queue "${queue}" already exists.`);
        }
      });
      printOutcome(
        options,
        `Created queue "${queue}". Queues exist implicitly in Outpost (sending to one creates it); this records the name so outpost queues list shows it.`,
        { queue },
      );
    });
}

/** `outpost queues delete <queue>`. */
export function deleteCommand(): Command {
  return destructiveSubcommand("delete", "Delete a queue's messages and forget that it was created").action(async (queue: string, options: ForceOptions) => {
    const deleted = await withQueueStore(options, async (store, project, configured) => {
      assertKnownQueue(queue, project, configured, store);
      const count = store.metrics(queue).backlogCount;
      if (!(await confirmed(options.force, `Delete queue "${queue}" and its ${count} messages?`, `delete queue "${queue}"`))) return null;
      return store.deleteQueue(queue);
    });
    if (deleted === null) process.stdout.write("Not deleted.\n");
    else printOutcome(options, `Deleted queue "${queue}" and its ${deleted} messages.`, { queue, deleted_messages: deleted });
  });
}

/** `outpost queues purge <queue>`. */
export function purgeCommand(): Command {
  return destructiveSubcommand("purge", "Delete every message of a queue").action(async (queue: string, options: ForceOptions) => {
    const purged = await withQueueStore(options, async (store, project, configured) => {
      assertKnownQueue(queue, project, configured, store);
      const count = store.metrics(queue).backlogCount;
      if (!(await confirmed(options.force, `Purge all ${count} messages from queue "${queue}"?`, `purge queue "${queue}"`))) return null;
      return store.purge(queue);
    });
    if (purged === null) process.stdout.write("Not purged.\n");
    else printOutcome(options, `Purged ${purged} messages from queue "${queue}".`, { queue, purged_messages: purged });
  });
}

function destructiveSubcommand(name: string, description: string): Command {
  return projectSubcommand(name, description).argument("<queue>", "the queue's name").option("--force", "do not ask for confirmation");
}
