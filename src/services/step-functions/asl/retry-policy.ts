import { StatesErrors } from "../errors.js";
import type { Retrier } from "./definition-types.js";

/** Defaults from the ASL specification. */
const DEFAULT_INTERVAL_SECONDS = 1;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_BACKOFF_RATE = 2;

/** Errors `States.TaskFailed` does not match. */
const NOT_TASK_FAILURES = new Set<string>([StatesErrors.Runtime, StatesErrors.DataLimitExceeded, StatesErrors.Timeout]);

/**
 * Whether an `ErrorEquals` list matches an error name: exact names, `States.ALL` (everything but
 * `States.Runtime`) and `States.TaskFailed` (nor `States.DataLimitExceeded` or `States.Timeout`).
 *
 * AWS's documentation says `States.ALL` never catches `States.DataLimitExceeded`. The only one
 * that reaches a catcher here is a task result over the limit, which AWS's recorded histories show
 * `States.ALL` catching; the terminal ones, a state's input or output over the limit, pass every
 * Retry and Catch (see `TerminalFailure`).
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  for (const name of errorEquals) {
    if (name === error) return true;
    if (error === StatesErrors.Runtime) continue;
    if (name === StatesErrors.ALL) return true;
    if (name === StatesErrors.TaskFailed && !NOT_TASK_FAILURES.has(error)) return true;
  }
  return false;
}

export interface RetryDecision {
  /** Index of the retrier that matched. */
  retrier: number;
  /** The attempt this retry makes for that retrier, from 1. */
  attempt: number;
  delayMs: number;
}

/**
 * Picks the first retrier matching `error`. `attempts` holds the retries already made per
 * retrier (kept across visits of the state) and is updated. Returns null when no retrier
 * matches or the matching one has used its `MaxAttempts`: the error then goes to the catchers.
 */
export function decideRetry(retriers: readonly Retrier[], error: string, attempts: number[], random: () => number): RetryDecision | null {
  const index = retriers.findIndex((r) => errorMatches(r.ErrorEquals, error));
  if (index < 0) return null;
  const retrier = retriers[index]!;
  const made = attempts[index] ?? 0;
  if (made >= (retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS)) return null;
  attempts[index] = made + 1;
  return { retrier: index, attempt: made + 1, delayMs: retryDelayMs(retrier, made, random) };
}

/**
 * The wait before retry number `made + 1`: IntervalSeconds × BackoffRate^made, capped at
 * MaxDelaySeconds; with `JitterStrategy: FULL` a uniformly random part of it.
 */
export function retryDelayMs(retrier: Retrier, made: number, random: () => number): number {
  let seconds = (retrier.IntervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * (retrier.BackoffRate ?? DEFAULT_BACKOFF_RATE) ** made;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === "FULL") seconds *= random();
  return Math.round(seconds * 1000);
}
