import type { QueueConsumer } from "../../config/index.js";
import { batchDueAt, type MessageStore, type Settlement, type StoredMessage } from "./message-store.js";

/** What a consumer's `queue()` handler decided, as workerd's `queue()` on a service binding reports it. */
export interface BatchResult {
  outcome: "ok" | "exception" | string;
  ackAll?: boolean;
  retryBatch?: { retry: boolean; delaySeconds?: number };
  explicitAcks?: string[];
  retryMessages?: { msgId: string; delaySeconds?: number }[];
}

/** Hands a batch to a consumer worker's `queue()` handler. */
export type DeliverBatch = (worker: string, queue: string, messages: readonly StoredMessage[]) => Promise<BatchResult>;

/** Batches in flight at once for a queue whose consumer sets no `max_concurrency` (Cloudflare scales up to 250); measured best at 32 here. */
const DEFAULT_CONCURRENCY = 32;

/**
 * Delivers one queue's messages to its consumer: a batch goes as soon as `max_batch_size` messages
 * are ready, or once the oldest ready one has waited `max_batch_timeout`, with at most
 * `max_concurrency` batches in flight.
 */
export class ConsumerLoop {
  readonly #worker: string;
  readonly #consumer: QueueConsumer;
  readonly #store: MessageStore;
  readonly #deliver: DeliverBatch;
  readonly #onDeadLetter: (queue: string) => void;
  readonly #onError: (error: unknown) => void;
  readonly #now: () => number;
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #pumping = false;
  #pumpAgain = false;

  constructor(options: {
    worker: string;
    consumer: QueueConsumer;
    store: MessageStore;
    deliver: DeliverBatch;
    onDeadLetter: (queue: string) => void;
    /** Told of a failure of the store, so that it is logged instead of ending the process. */
    onError: (error: unknown) => void;
    now: () => number;
  }) {
    this.#worker = options.worker;
    this.#consumer = options.consumer;
    this.#store = options.store;
    this.#deliver = options.deliver;
    this.#onDeadLetter = options.onDeadLetter;
    this.#onError = options.onError;
    this.#now = options.now;
  }

  /** Looks for batches to deliver, now that messages may have arrived. */
  kick(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#pumpSafely(), 0);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  /** Runs `#pump`, one run at a time: a kick during a run has it run again once done. */
  async #pumpSafely(): Promise<void> {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        await this.#pump();
      } while (this.#pumpAgain && !this.#closed);
    } catch (error) {
      if (!this.#closed) this.#onError(error);
    } finally {
      this.#pumping = false;
    }
  }

  async #pump(): Promise<void> {
    const { queue, max_batch_size: batchSize, max_batch_timeout: timeoutSeconds } = this.#consumer;
    const concurrency = this.#consumer.max_concurrency ?? DEFAULT_CONCURRENCY;
    const maxWaitMs = timeoutSeconds * 1000;
    while (!this.#closed && this.#inFlight < concurrency) {
      const now = this.#now();
      const dueAt = batchDueAt(this.#store.readiness(queue, now, batchSize), { now, batchSize, maxWaitMs });
      if (dueAt === null) return;
      if (dueAt > now) {
        this.#timer = setTimeout(() => void this.#pumpSafely(), dueAt - now);
        return;
      }
      const batches = await this.#store.leaseBatches(queue, { now, batchSize, maxBatches: concurrency - this.#inFlight, maxWaitMs });
      if (batches.length === 0) return;
      // Delivered even if the loop closed meanwhile: they are leased, as batches already in flight are.
      for (const messages of batches) {
        this.#inFlight++;
        void this.#run(messages).finally(() => {
          this.#inFlight--;
          this.kick();
        });
      }
    }
  }

  async #run(messages: StoredMessage[]): Promise<void> {
    let result: BatchResult;
    try {
      result = await this.#deliver(this.#worker, this.#consumer.queue, messages);
    } catch {
      result = { outcome: "exception" };
    }
    try {
      await this.#store.settle(messages.map((message) => this.#settlement(message, result)));
    } catch (error) {
      this.#onError(error);
    }
    if (this.#consumer.dead_letter_queue !== undefined) this.#onDeadLetter(this.#consumer.dead_letter_queue);
  }

  /**
   * Cloudflare's rules: an explicit ack or retry wins; otherwise a batch-wide `retryAll`, or a
   * handler that threw, retries the message, and a handler that returned acks it. A message out of
   * retries goes to the dead letter queue, or is dropped.
   */
  #settlement(message: StoredMessage, result: BatchResult): Settlement {
    const explicitRetry = result.retryMessages?.find((retry) => retry.msgId === message.id);
    const acked = result.explicitAcks?.includes(message.id) ?? false;
    const retryAll = result.retryBatch?.retry === true || (result.outcome !== "ok" && result.ackAll !== true);
    const retried = !acked && (explicitRetry !== undefined || retryAll);
    if (!retried) return { seq: message.seq, kind: "ack" };
    const now = this.#now();
    if (message.attempts > this.#consumer.max_retries) {
      return { seq: message.seq, kind: "dead", deadLetterQueue: this.#consumer.dead_letter_queue, now };
    }
    const delaySeconds = explicitRetry?.delaySeconds ?? result.retryBatch?.delaySeconds ?? this.#consumer.retry_delay;
    return { seq: message.seq, kind: "retry", visibleAt: now + delaySeconds * 1000 };
  }
}
