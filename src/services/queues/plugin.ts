import type { QueueProducer, WorkerConfig } from "../../config/index.js";
import type { BindingDefinition } from "../../runtime/index.js";
import type { ConsumerRegistration } from "./broker.js";
import { DELIVERY_DELAY_HEADER, QUEUE_HEADER } from "./protocol.js";

/** The service name producer requests carry to Outpost's service host. */
export const QUEUES_SERVICE = "queues";

/** A native `queue` binding per producer, aimed at Outpost's broker. */
export function queueBindings(producers: readonly QueueProducer[]): BindingDefinition[] {
  return producers.map((producer) => ({
    name: producer.binding,
    kind: "queue",
    platform: {
      service: QUEUES_SERVICE,
      resource: producer.delivery_delay === undefined ? producer.queue : `${producer.queue}+delay${producer.delivery_delay}`,
      headers: {
        [QUEUE_HEADER]: producer.queue,
        ...(producer.delivery_delay !== undefined && { [DELIVERY_DELAY_HEADER]: String(producer.delivery_delay) }),
      },
    },
  }));
}

/** The queues each worker consumes. */
export function consumerRegistrations(configs: readonly WorkerConfig[]): ConsumerRegistration[] {
  return configs.flatMap((config) => config.queues.consumers.map((consumer) => ({ worker: config.name, consumer })));
}
