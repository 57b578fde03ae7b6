import type { EngineStore, InboxEvent, InstanceKey, InstanceRecord, StepWrite } from "./engine-store.js";
import { existing, instanceLifecycle } from "./instance-lifecycle.js";
import type { Dispatch, RunOutcome, RunTicket } from "./run-outcome.js";

/** The engine's clock; tests run it faster than the machine's. */
export interface EngineClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): NodeJS.Timeout;
}

export interface DurableEngineOptions {
  store: EngineStore;
  dispatch: Dispatch;
  /** @default the machine's clock */
  clock?: EngineClock;
  /** Runs in flight at once, across namespaces. @default 1024 */
  concurrency?: number;
  /** Reports what the engine could not do itself, such as a run that could not reach the worker. */
  onError?: (key: InstanceKey, error: unknown) => void;
}

/**
 * Runs in flight at once by default. A run holds a request in workerd and little else; more of
 * them let the runner and the store batch more work (Cloudflare allows 10,000 per account).
 */
const DEFAULT_CONCURRENCY = 1024;
/** Milliseconds between looks for changes that other processes (the CLI) made to the store. */
const NOTICE_POLL_MS = 200;
/** First and largest delay (ms, engine clock) before a run that could not finish is tried again. */
const CRASH_RETRY_MS = { first: 500, max: 30_000 };

const systemClock: EngineClock = { now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms) };

/**
 * Runs durable instances: queues them, runs up to `concurrency` at once through `dispatch`, takes
 * their step writes (from the run that holds each instance's lease, and no other), and suspends
 * and wakes them on time and on events. All state is in the store, so a new engine over the same
 * store (after `kill -9`) replays every running instance and keeps every wait's deadline.
 *
 * The lease of an instance is the run in `#active`: leases live in this process, which is the
 * only engine of its store.
 */
export class DurableEngine {
  readonly store: EngineStore;
  readonly clock: EngineClock;
  readonly #dispatch: Dispatch;
  readonly #concurrency: number;
  readonly #onError: (key: InstanceKey, error: unknown) => void;
  readonly #ready = new Map<string, InstanceKey>();
  readonly #active = new Map<string, RunTicket>();
  readonly #crashes = new Map<string, number>();
  #runs = 0;
  #noticeSeq = 0;
  #wakeTimer: NodeJS.Timeout | undefined;
  #wakeAt = Infinity;
  #poll: NodeJS.Timeout | undefined;
  #started = false;

  constructor(options: DurableEngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.#dispatch = options.dispatch;
    this.#concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.#onError = options.onError ?? (() => {});
    this.#noticeSeq = this.store.notices(0).seq;
  }

  /** Starts running: every instance left queued, running or due is picked up. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const key of this.store.runnable(this.clock.now())) this.#enqueue(key);
    this.#armWake();
    this.#poll = setInterval(() => this.#pollNotices(), NOTICE_POLL_MS);
    this.#pump();
  }

  close(): void {
    this.#started = false;
    clearInterval(this.#poll);
    clearTimeout(this.#wakeTimer);
  }

  /** Creates instances durably, then queues them; answers, per entry, whether it was created. */
  async create(namespace: string, entries: readonly { id: string; params: string }[]): Promise<boolean[]> {
    const created = await this.store.create(namespace, entries, this.clock.now());
    entries.forEach(({ id }, index) => created[index] && this.#enqueue({ namespace, id }));
    this.#pump();
    return created;
  }

  /** The instance, or `ERR_INSTANCE_NOT_FOUND`. */
  instance(key: InstanceKey): InstanceRecord {
    return existing(this.store, key);
  }

  pause(key: InstanceKey): Promise<InstanceRecord> {
    return this.#apply(key, instanceLifecycle.pause(this.store, key, this.clock.now()));
  }

  resume(key: InstanceKey): Promise<InstanceRecord> {
    return this.#apply(key, instanceLifecycle.resume(this.store, key, this.clock.now()));
  }

  terminate(key: InstanceKey): Promise<InstanceRecord> {
    return this.#apply(key, instanceLifecycle.terminate(this.store, key, this.clock.now()));
  }

  restart(key: InstanceKey): Promise<InstanceRecord> {
    return this.#apply(key, instanceLifecycle.restart(this.store, key, this.clock.now()));
  }

  sendEvent(key: InstanceKey, event: Omit<InboxEvent, "timestamp">): Promise<InstanceRecord> {
    const now = this.clock.now();
    return this.#apply(key, instanceLifecycle.sendEvent(this.store, key, { ...event, timestamp: now }, now));
  }

  /**
   * Stores a step of the run `runId`. Answers the instance as it was, or `undefined` when the
   * run no longer holds the instance (it was terminated, paused or restarted): the run must end.
   * A run reaching the engine while a pause is pending is told to end too; its step is kept.
   */
  async writeStep(key: InstanceKey, runId: string, write: Omit<StepWrite, "generation">): Promise<InstanceRecord | undefined> {
    const ticket = this.#ticket(key, runId);
    if (ticket === undefined) return undefined;
    const record = await this.store.writeStep(key, { ...write, generation: ticket.generation });
    return record?.status === "running" ? record : undefined;
  }

  /** Takes an event for a run's `waitForEvent` step, or records how long it waits; see {@link EngineStore.waitForEvent}. */
  async waitForEvent(key: InstanceKey, runId: string, step: Parameters<EngineStore["waitForEvent"]>[2]): ReturnType<EngineStore["waitForEvent"]> {
    const ticket = this.#ticket(key, runId);
    if (ticket === undefined || this.store.instance(key)?.status !== "running") return undefined;
    return this.store.waitForEvent(key, ticket.generation, step, this.clock.now());
  }

  #ticket(key: InstanceKey, runId: string): RunTicket | undefined {
    const ticket = this.#active.get(keyOf(key));
    return ticket?.runId === runId ? ticket : undefined;
  }

  /** Looks at an instance another process changed. */
  reconcile(key: InstanceKey): void {
    if (!this.#started || this.#active.has(keyOf(key))) return;
    const record = this.store.instance(key);
    if (record === undefined) return;
    if (record.status === "waitingForPause") {
      this.store
        .update(key, (current) => (current.status === "waitingForPause" ? { status: "paused", pausedAt: this.clock.now() } : undefined), this.clock.now())
        .catch((error: unknown) => this.#onError(key, error));
    } else if (record.status === "queued" || record.status === "running" || (record.status === "waiting" && (record.wakeAt ?? Infinity) <= this.clock.now())) {
      this.#enqueue(key);
      this.#pump();
    } else if (record.status === "waiting") this.#armWake();
  }

  async #apply(key: InstanceKey, change: Promise<InstanceRecord>): Promise<InstanceRecord> {
    const record = await change;
    this.reconcile(key);
    return record;
  }

  #enqueue(key: InstanceKey): void {
    this.#ready.set(keyOf(key), { namespace: key.namespace, id: key.id });
  }

  #pump(): void {
    if (!this.#started) return;
    for (const [name, key] of this.#ready) {
      if (this.#active.size >= this.#concurrency) return;
      this.#ready.delete(name);
      if (!this.#active.has(name)) this.#run(key).catch((error: unknown) => this.#onError(key, error));
    }
  }

  async #run(key: InstanceKey): Promise<void> {
    const name = keyOf(key);
    const ticket = { runId: String(++this.#runs) } as RunTicket;
    this.#active.set(name, ticket);
    let crashed = false;
    try {
      const now = this.clock.now();
      const record = this.store.instance(key);
      if (record === undefined || !runnable(record, now)) return;
      // Not awaited: a run that starts before "running" is durable loses nothing in a crash (the
      // instance was runnable already), and a write of this run is refused unless "running" landed.
      this.store
        .update(key, (current) => (current.generation === record.generation && runnable(current, now) ? { status: "running", wakeAt: null, wakesOn: [] } : undefined), now)
        .catch((error: unknown) => this.#onError(key, error));
      Object.assign(ticket, { ...key, generation: record.generation, params: record.params, createdAt: record.createdAt, journal: this.store.journal(key) });
      let outcome: RunOutcome;
      try {
        outcome = await this.#dispatch(ticket);
        this.#crashes.delete(name);
      } catch (error) {
        crashed = true;
        this.#onError(key, error);
        this.#retryAfterCrash(key);
        return;
      }
      await this.#settle(key, ticket, outcome);
    } finally {
      this.#active.delete(name);
      if (!crashed) this.#reconcileLater(key);
    }
  }

  /** After a run ends, the instance may already want another (an event came, or a restart). */
  #reconcileLater(key: InstanceKey): void {
    queueMicrotask(() => {
      this.reconcile(key);
      this.#pump();
    });
  }

  #settle(key: InstanceKey, ticket: RunTicket, outcome: RunOutcome): Promise<unknown> {
    const now = this.clock.now();
    return this.store.update(
      key,
      (current) => {
        if (current.generation !== ticket.generation || (current.status !== "running" && current.status !== "waitingForPause")) return undefined;
        const pausing = current.status === "waitingForPause";
        switch (outcome.outcome) {
          case "complete":
            return { status: "complete", output: outcome.output, error: null };
          case "errored":
            return { status: "errored", error: outcome.error };
          case "aborted":
            return pausing ? { status: "paused", pausedAt: now } : undefined;
          case "suspended": {
            const { wakeAt, wakesOn } = outcome;
            if (pausing) return { status: "paused", pausedAt: now, wakeAt, wakesOn };
            const due = (wakeAt !== null && wakeAt <= now) || this.store.hasEvent(key, wakesOn);
            return due ? { status: "queued" } : { status: "waiting", wakeAt, wakesOn };
          }
        }
      },
      now,
    ).then(() => this.#armWake());
  }

  #retryAfterCrash(key: InstanceKey): void {
    const name = keyOf(key);
    const delay = Math.min(CRASH_RETRY_MS.max, this.#crashes.get(name) ?? CRASH_RETRY_MS.first);
    this.#crashes.set(name, delay * 2);
    this.clock.setTimeout(() => this.reconcile(key), delay);
  }

  #armWake(): void {
    const next = this.store.nextWake();
    if (next === undefined || next >= this.#wakeAt) return;
    clearTimeout(this.#wakeTimer);
    this.#wakeAt = next;
    this.#wakeTimer = this.clock.setTimeout(() => {
      this.#wakeAt = Infinity;
      if (!this.#started) return;
      for (const key of this.store.runnable(this.clock.now())) if (!this.#active.has(keyOf(key))) this.#enqueue(key);
      this.#pump();
      this.#armWake();
    }, Math.max(0, next - this.clock.now()));
  }

  #pollNotices(): void {
    const { seq, keys } = this.store.notices(this.#noticeSeq);
    this.#noticeSeq = seq;
    for (const key of keys) this.reconcile(key);
  }
}

function runnable(record: InstanceRecord, now: number): boolean {
  return record.status === "queued" || record.status === "running" || (record.status === "waiting" && (record.wakeAt ?? Infinity) <= now);
}

function keyOf(key: InstanceKey): string {
  return `${key.namespace}\u0000${key.id}`;
}
