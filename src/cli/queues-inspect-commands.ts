import { Command } from "commander";
import type { QueueConsumer } from "../config/index.js";
import { alignColumns, printJson } from "./output.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";
import { assertKnownQueue, knownQueues, withQueueStore } from "./queues-project.js";

/** `outpost queues list`. */
export function listCommand(): Command {
  return projectSubcommand("list", "List the queues the config names, then any other queue that holds messages").action(
    async (options: ProjectOptions) => {
      const rows = await withQueueStore(options, (store, project, configured) =>
        knownQueues(configured, store).map((queue) => {
          const configuration = configured.get(queue);
          return {
            queue,
            messages: store.metrics(queue).backlogCount,
            producers: configuration?.producers ?? [],
            consumer: configuration?.consumer === undefined ? null : project.config.name,
          };
        }),
      );
      if (options.json) printJson(rows);
      else {
        const cells = rows.map((row) => [row.queue, String(row.messages), row.producers.join(", ") || "-", row.consumer ?? "-"]);
        process.stdout.write(alignColumns([["Queue", "Messages", "Producers", "Consumer"], ...cells]));
      }
    },
  );
}

/** `outpost queues info <queue>`. */
export function infoCommand(): Command {
  return projectSubcommand("info", "Show a queue's backlog, its consumer's settings and its producers")
    .argument("<queue>", "the queue's name")
    .action(async (queue: string, options: ProjectOptions) => {
      const info = await withQueueStore(options, (store, project, configured) => {
        assertKnownQueue(queue, project, configured, store);
        const metrics = store.metrics(queue);
        const configuration = configured.get(queue);
        return {
          queue,
          backlog_count: metrics.backlogCount,
          backlog_bytes: metrics.backlogBytes,
          oldest_message: metrics.backlogCount === 0 ? null : new Date(metrics.oldestMessageTimestamp).toISOString(),
          producers: configuration?.producers ?? [],
          consumer: configuration?.consumer === undefined ? null : consumerSettings(project.config.name, configuration.consumer),
        };
      });
      if (options.json) printJson(info);
      else {
        const consumer = info.consumer === null ? [["consumer", "-"]] : Object.entries(info.consumer).map(([field, value]) => [`consumer ${field}`, String(value ?? "-")]);
        process.stdout.write(
          alignColumns([
            ["queue", info.queue],
            ["backlog_count", String(info.backlog_count)],
            ["backlog_bytes", String(info.backlog_bytes)],
            ["oldest_message", info.oldest_message ?? "-"],
            ["producers", info.producers.join(", ") || "-"],
            ...consumer,
          ]),
        );
      }
    });
}

function consumerSettings(worker: string, consumer: QueueConsumer) {
  return {
    worker,
    max_batch_size: consumer.max_batch_size,
    max_batch_timeout: consumer.max_batch_timeout,
    max_retries: consumer.max_retries,
    retry_delay: consumer.retry_delay,
    dead_letter_queue: consumer.dead_letter_queue ?? null,
  };
}
