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
 * Milliseconds of a duration as Cloudflare's Workflows engine reads it (itty-time, which wrangler
 * dev runs too): a number, or a string of one, is ms; `"<n> <unit>"` is n times the unit,
 * singular or plural: second, minute, hour, day, week, month (30 days), year (365.25 days), and
 * `m`; any other word counts as ms, so `"100 millis"` and `"500 ms"` are what they say. Throws for
 * what is none of these (`"soon"`, `"5s"`) or a negative result.
 */
export function parseDuration(duration: unknown): number {
  const UNITS: Record<string, number> = { year: 315576e5, month: 2592e6, week: 6048e5, day: 864e5, hour: 36e5, minute: 6e4, second: 1e3, m: 1 };
  const text = String(duration);
  let ms = Number(duration);
  if (typeof duration === "string" && Number.isNaN(ms)) {
    const match = /^([^ ]+) +(\w\w*?)s?$/.exec(text);
    ms = match === null ? NaN : Number(match[1]) * (UNITS[match[2]!] ?? 1);
  }
  if (typeof duration !== "number" && typeof duration !== "string") ms = NaN;
  if (!(ms >= 0)) throw new TypeError(`Invalid duration "${text}"`);
  return ms;
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
