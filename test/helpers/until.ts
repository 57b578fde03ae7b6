export interface Patience {
  /** How long to keep trying; 10 s unless given. */
  timeoutMs?: number;
  /** The pause between tries; 20 ms unless given. */
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns something other than `undefined`, and resolves with that.
 * Fails after the timeout naming `what`, which may be a function so it can describe the last try.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string | (() => string), patience: Patience = {}): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 20 } = patience;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}.`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until `condition` holds; see `eventually`. */
export async function until(condition: () => Promise<boolean> | boolean, what: string | (() => string), patience?: Patience): Promise<void> {
  await eventually(async () => ((await condition()) ? true : undefined), what, patience);
}
