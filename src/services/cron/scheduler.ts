import { nextFire, type CronExpression } from "./cron-expression.js";
import type { TickLease } from "./tick-lease.js";

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once `ms` of this clock's time have passed. */
  setTimeout(callback: () => void, ms: number): NodeJS.Timeout;
}

/** The clock of the machine. */
export const systemClock: Clock = { now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms) };

/** A worker's cron triggers. */
export interface Schedule {
  worker: string;
  crons: readonly CronExpression[];
}

/** Runs a worker's `scheduled()` handler for one tick. */
export type FireTick = (worker: string, cron: string, scheduledTime: number) => Promise<void>;

/**
 * Fires each cron trigger once per matching minute, at the start of the minute, as Cloudflare
 * does. Ticks missed while Outpost was not running are not replayed: the next tick is always
 * computed from now. A tick is fired only by the process that claims it in the shared lease.
 */
export class CronScheduler {
  readonly #clock: Clock;
  readonly #lease: TickLease;
  readonly #fire: FireTick;
  #schedules: readonly Schedule[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(options: { clock?: Clock; lease: TickLease; fire: FireTick }) {
    this.#clock = options.clock ?? systemClock;
    this.#lease = options.lease;
    this.#fire = options.fire;
  }

  /** Replaces the schedules, as each deployment does, and arms the next tick. */
  update(schedules: readonly Schedule[]): void {
    this.#schedules = schedules;
    this.#arm(this.#clock.now());
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#schedules = [];
  }

  #arm(after: number): void {
    clearTimeout(this.#timer);
    const next = this.#nextTick(after);
    if (next === null) return;
    this.#timer = this.#clock.setTimeout(() => this.#tick(next), Math.max(0, next - this.#clock.now()));
    this.#timer.unref();
  }

  #tick(at: number): void {
    for (const { worker, crons } of this.#schedules) {
      for (const cron of crons) {
        if (nextFire(cron, at - 1) === at && this.#lease.claim(worker, cron.text, at)) void this.#fire(worker, cron.text, at);
      }
    }
    this.#arm(at);
  }

  #nextTick(after: number): number | null {
    let soonest: number | null = null;
    for (const { crons } of this.#schedules) {
      for (const cron of crons) {
        const next = nextFire(cron, after);
        if (next !== null && (soonest === null || next < soonest)) soonest = next;
      }
    }
    return soonest;
  }
}
