import { StatesErrors } from "../errors.js";
import type { Retrier } from "./definition-types.js";

/** Defaults from the ASL specification. */
export const DEFAULT_INTERVAL_SECONDS = 1;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_RATE = 2;

/** Errors no wildcard matches: AWS never retries or catches them through `States.ALL`. */
const UNCATCHABLE_BY_WILDCARD = new Set<string>([StatesErrors.Runtime, StatesErrors.DataLimitExceeded]);

/**
 * Whether an `ErrorEquals` list matches an error name: exact names, `States.ALL` (everything but
 * `States.Runtime` and `States.DataLimitExceeded`) and `States.TaskFailed` (likewise, and not
 * `States.Timeout`).
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  for (const name of errorEquals) {
    if (name === error) return true;
    if (UNCATCHABLE_BY_WILDCARD.has(error)) continue;
    if (name === StatesErrors.ALL) return true;
    if (name === StatesErrors.TaskFailed && error !== StatesErrors.Timeout) return true;
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
