import type { QueueConsumer, WorkerConfig } from "../config/index.js";
import { MessageStore } from "../services/queues/message-store.js";
import { loadCliProject, type CliProject } from "./project.js";
import type { ProjectOptions } from "./project-options.js";
import { QueuesCommandError } from "./queues-command-error.js";

/** What the project's config says about one queue. */
export interface ConfiguredQueue {
  /** Bindings that send to it. */
  producers: string[];
  consumer?: QueueConsumer;
}

/** Every queue the config names (as producer, consumer or dead letter queue), in the config's order. */
function configuredQueues(config: WorkerConfig): Map<string, ConfiguredQueue> {
  const queues = new Map<string, ConfiguredQueue>();
  const entry = (queue: string) => queues.get(queue) ?? queues.set(queue, { producers: [] }).get(queue)!;
  for (const producer of config.queues.producers) entry(producer.queue).producers.push(producer.binding);
  for (const consumer of config.queues.consumers) {
    entry(consumer.queue).consumer = consumer;
    if (consumer.dead_letter_queue !== undefined) entry(consumer.dead_letter_queue);
  }
  return queues;
}

/** The configured queues, then any other the store knows of. */
export function knownQueues(configured: Map<string, ConfiguredQueue>, store: MessageStore): string[] {
  return [...new Set([...configured.keys(), ...store.queueNames()])];
}

/** Runs `use` on the project's message store, opened beside any running `outpost dev`, closing it afterwards. */
export async function withQueueStore<T>(
  options: ProjectOptions,
  use: (store: MessageStore, project: CliProject, configured: Map<string, ConfiguredQueue>) => T | Promise<T>,
): Promise<T> {
  const project = await loadCliProject(options);
  const store = new MessageStore(project.persistTo, { releaseLeases: false });
  try {
    return await use(store, project, configuredQueues(project.config));
  } finally {
    store.close();
  }
}

/** Throws unless `queue` is configured, created or holding messages. */
export function assertKnownQueue(queue: string, project: CliProject, configured: Map<string, ConfiguredQueue>, store: MessageStore): void {
  const known = knownQueues(configured, store);
  if (known.includes(queue)) return;
  throw new QueuesCommandError(
    "ERR_QUEUE_NOT_FOUND",
    known.length === 0
      ? `No queue "${queue}": ${project.source} names no queues and none hold messages. Create it with: outpost queues create ${queue}`
      : `No queue "${queue}" in ${project.source} or its data. Known queues: ${known.join(", ")}.`,
  );
}
