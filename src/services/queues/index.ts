export { QueueBroker } from "./broker.js";
export type { ConsumerRegistration } from "./broker.js";
export type { BatchResult, DeliverBatch } from "./consumer-loop.js";
export { QueueError } from "./errors.js";
export type { QueueErrorCode } from "./errors.js";
export type { MessageFormat, QueueMetrics, StoredMessage } from "./message-store.js";
export { serveQueueRequest, QUEUE_HEADER } from "./protocol.js";
export { consumerRegistrations, queueBindings, QUEUES_SERVICE } from "./plugin.js";
export * from "./limits.js";
