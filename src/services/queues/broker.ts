import type { QueueConsumer } from "../../config/index.js";
import { ConsumerLoop, type DeliverBatch } from "./consumer-loop.js";
import { QueueError } from "./errors.js";
import { DEFAULT_VISIBILITY_TIMEOUT_MS } from "./limits.js";
import { MessageStore, type LeaseSettlement, type NewMessage, type PulledMessage, type QueueMetrics } from "./message-store.js";

/**
 * Longest a send's answer may reuse a queue's backlog metrics. Counting the backlog reads every
 * message's row, so doing it on every send would make sends slower the longer the backlog grows.
 */
const SEND_METRICS_MAX_AGE_MS = 1_000;

/** A consumer worker and its settings for one queue. */
export interface ConsumerRegistration {
  worker: string;
  consumer: QueueConsumer;
}

/** Every queue of one `--persist-to`: durable sends, and delivery to each queue's consumer worker. */
export class QueueBroker {
  readonly #store: MessageStore;
  readonly #deliver: DeliverBatch;
  readonly #now: () => number;
  #loops = new Map<string, ConsumerLoop>();
  #pullConsumers = new Map<string, QueueConsumer>();
  readonly #sendMetrics = new Map<string, { at: number; metrics: QueueMetrics }>();

  readonly #onError: (error: unknown) => void;

  constructor(persistTo: string, deliver: DeliverBatch, onError: (error: unknown) => void, now: () => number = Date.now) {
    this.#store = new MessageStore(persistTo);
    this.#deliver = deliver;
    this.#onError = onError;
    this.#now = now;
  }

  /** Sets the consumers, as each deployment does; messages waiting for them are delivered now. */
  configure(registrations: readonly ConsumerRegistration[]): void {
    for (const loop of this.#loops.values()) loop.close();
    this.#loops = new Map(
      registrations
        .filter(({ consumer }) => consumer.type === "worker")
        .map(({ worker, consumer }) => [
          consumer.queue,
          new ConsumerLoop({
            worker,
            consumer,
            store: this.#store,
            deliver: this.#deliver,
            onDeadLetter: (queue) => this.#loops.get(queue)?.kick(),
            onError: this.#onError,
            now: this.#now,
          }),
        ]),
    );
    this.#pullConsumers = new Map(registrations.filter(({ consumer }) => consumer.type === "http_pull").map(({ consumer }) => [consumer.queue, consumer]));
    for (const loop of this.#loops.values()) loop.kick();
  }

  /**
   * Leases a batch to `queue`'s pull consumer for `visibilityMs`, else its `visibility_timeout_ms`,
   * else 30 s; see {@link MessageStore.pull}.
   */
  pull(queue: string, batchSize: number, visibilityMs?: number): PulledMessage[] {
    const consumer = this.#pullConsumer(queue);
    const pulled = this.#store.pull(queue, {
      now: this.#now(),
      limit: batchSize,
      visibilityMs: visibilityMs ?? consumer.visibility_timeout_ms ?? DEFAULT_VISIBILITY_TIMEOUT_MS,
      ...this.#deliveryLimits(consumer),
    });
    this.#kickDeadLetters(consumer);
    return pulled;
  }

  /** Settles a pull consumer's leases; answers the lease ids that had already expired. */
  settleLeases(queue: string, settlements: readonly LeaseSettlement[]): string[] {
    const consumer = this.#pullConsumer(queue);
    const expired = this.#store.settleLeases(queue, settlements, { now: this.#now(), ...this.#deliveryLimits(consumer) });
    this.#kickDeadLetters(consumer);
    return expired;
  }

  /**
   * Stores messages durably, then wakes the queue's consumer. Answers the queue's backlog metrics
   * as of at most `SEND_METRICS_MAX_AGE_MS` ago.
   */
  async send(queue: string, messages: readonly NewMessage[]): Promise<QueueMetrics> {
    await this.#store.send(queue, messages, this.#now());
    this.#loops.get(queue)?.kick();
    const now = this.#now();
    let recent = this.#sendMetrics.get(queue);
    if (recent === undefined || now - recent.at > SEND_METRICS_MAX_AGE_MS) {
      recent = { at: now, metrics: this.#store.metrics(queue) };
      this.#sendMetrics.set(queue, recent);
    }
    return recent.metrics;
  }

  metrics(queue: string): QueueMetrics {
    return this.#store.metrics(queue);
  }

  #pullConsumer(queue: string): QueueConsumer {
    const consumer = this.#pullConsumers.get(queue);
    if (consumer === undefined) {
      throw new QueueError("ERR_QUEUE_NOT_PULLED", 400, `Queue "${queue}" has no http_pull consumer. Add { "queue": "${queue}", "type": "http_pull" } to queues.consumers in the config.`);
    }
    return consumer;
  }

  #deliveryLimits(consumer: QueueConsumer): { maxDeliveries: number; deadLetterQueue?: string } {
    return { maxDeliveries: consumer.max_retries + 1, deadLetterQueue: consumer.dead_letter_queue };
  }

  #kickDeadLetters(consumer: QueueConsumer): void {
    if (consumer.dead_letter_queue !== undefined) this.#loops.get(consumer.dead_letter_queue)?.kick();
  }

  close(): void {
    for (const loop of this.#loops.values()) loop.close();
    this.#store.close();
  }
}
