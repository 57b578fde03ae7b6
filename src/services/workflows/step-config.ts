/**
 * A `step.do` config as Cloudflare takes it, and what the engine derives from it. These functions
 * are embedded by source into the Workflows worker inside workerd, so each uses nothing from
 * outside its own body.
 */
export interface StepConfig {
  retries: { limit: number; delay: string | number; backoff: "constant" | "linear" | "exponential" };
  timeout: string | number;
}

/**
 * Milliseconds of a duration: a number of ms, or `"<n> <unit>"` with unit millisecond, second,
 * minute, hour, day, week, month (30 days) or year (365 days), singular or plural.
 */
export function parseDuration(duration: unknown): number {
  const DAY = 24 * 60 * 60 * 1000;
  const UNITS: Record<string, number> = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: DAY, week: 7 * DAY, month: 30 * DAY, year: 365 * DAY };
  if (typeof duration === "number" && duration >= 0) return duration;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+?)s?\s*$/.exec(String(duration));
  const unit = match ? UNITS[match[2]!] : undefined;
  if (match === null || unit === undefined) throw new TypeError(`Invalid duration "${String(duration)}"`);
  return Number(match[1]) * unit;
}

/**
 * The config a step runs with: `config` over wrangler dev's defaults (5 retries, 1 s apart,
 * exponential, 10-minute timeout; Cloudflare's docs give 10 s as the production delay). Throws
 * a TypeError when `config` has unknown keys or values of the wrong kind.
 */
export function compileStepConfig(config: unknown): StepConfig {
  const DEFAULTS: StepConfig = { retries: { limit: 5, delay: 1000, backoff: "exponential" }, timeout: "10 minutes" };
  const isDuration = (d: unknown): boolean => {
    try {
      return parseDuration(d) >= 0;
    } catch {
      return false;
    }
  };
  if (config === undefined) return { ...DEFAULTS, retries: { ...DEFAULTS.retries } };
  if (typeof config !== "object" || config === null) throw new TypeError("config");
  const { retries, timeout, sensitive, ...unknown } = config as Record<string, unknown>;
  const valid =
    Object.keys(unknown).length === 0 &&
    (sensitive === undefined || sensitive === "output") &&
    (timeout === undefined || (isDuration(timeout) && timeout !== 0)) &&
    (retries === undefined ||
      (typeof retries === "object" &&
        retries !== null &&
        (({ limit, delay, backoff, ...other }: Record<string, unknown>) =>
          Object.keys(other).length === 0 &&
          Number.isInteger(limit) &&
          (limit as number) >= 0 &&
          isDuration(delay) &&
          (backoff === undefined || backoff === "constant" || backoff === "linear" || backoff === "exponential"))(retries as Record<string, unknown>)));
  if (!valid) throw new TypeError("config");
  return {
    retries: { ...DEFAULTS.retries, ...(retries as Partial<StepConfig["retries"]>) },
    timeout: (timeout as StepConfig["timeout"] | undefined) ?? DEFAULTS.timeout,
  };
}

/** Milliseconds before the attempt after `attempt` (1-based): constant d, linear d·n, exponential d·2^(n−1). */
export function retryDelayMs(retries: StepConfig["retries"], attempt: number): number {
  const base = parseDuration(retries.delay);
  if (retries.backoff === "linear") return base * attempt;
  if (retries.backoff === "exponential") return base * 2 ** (attempt - 1);
  return base;
}
