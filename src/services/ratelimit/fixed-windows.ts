/**
 * Rate-limit counters in fixed windows, as `wrangler dev` counts them: a key may be taken `limit`
 * times per window of `periodSeconds`, windows aligned to the epoch. Counters live in memory; a
 * window's counts are dropped when the next window begins.
 */
export class FixedWindows {
  readonly #windows = new Map<string, { index: number; counts: Map<string, number> }>();

  /** Counts one use of `key` in `namespace`; `false` if the window had no use left. */
  take(namespace: string, key: string, limit: number, periodSeconds: number, now = Date.now()): boolean {
    const id = `${periodSeconds}:${namespace}`;
    const index = Math.floor(now / (periodSeconds * 1000));
    let window = this.#windows.get(id);
    if (window?.index !== index) this.#windows.set(id, (window = { index, counts: new Map() }));
    const count = window.counts.get(key) ?? 0;
    if (count >= limit) return false;
    window.counts.set(key, count + 1);
    return true;
  }
}
