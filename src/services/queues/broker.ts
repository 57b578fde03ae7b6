import type { QueueConsumer } from "../../config/index.js";
import { ConsumerLoop, type DeliverBatch } from "./consumer-loop.js";
import { MessageStore, type NewMessage, type QueueMetrics } from "./message-store.js";

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
    for (const loop of this.#loops.values()) loop.kick();
  }

  /** Stores messages durably, then wakes the queue's consumer. */
  async send(queue: string, messages: readonly NewMessage[]): Promise<QueueMetrics> {
    await this.#store.send(queue, messages, this.#now());
    this.#loops.get(queue)?.kick();
    return this.#store.metrics(queue);
  }

  metrics(queue: string): QueueMetrics {
    return this.#store.metrics(queue);
  }

  close(): void {
    for (const loop of this.#loops.values()) loop.close();
    this.#store.close();
  }
}
