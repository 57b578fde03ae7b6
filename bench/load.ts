/** Connections each load keeps open, as in ARCHITECTURE.md's measured facts. */
export const CONNECTIONS = 20;

/**
 * Requests/s one autocannon run sustains against `url`; any error or non-2xx fails the benchmark.
 * autocannon is loaded on first use, so that a benchmark streaming large bodies before it does so
 * with a small heap (see bench/r2.ts).
 */
export async function requestsPerSecond(url: string, seconds: number): Promise<number> {
  const { default: autocannon } = await import("autocannon");
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  return result.requests.average;
}

/**
 * Measures each target `rounds` times, all targets back to back in a rotating order each round,
 * so that the noise of a shared machine falls on all of them alike.
 */
export async function pairedRounds(urls: readonly string[], rounds: number, seconds: number): Promise<number[][]> {
  const rates = urls.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < urls.length; i++) {
      const index = (i + round) % urls.length;
      rates[index]!.push(await requestsPerSecond(urls[index]!, seconds));
    }
  }
  return rates;
}

/** The median of each round's ratio of `rates` to `baseline`. */
export function medianRatio(rates: readonly number[], baseline: readonly number[]): number {
  return median(rates.map((rate, round) => rate / baseline[round]!));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Resolves once `url` answers 2xx (with `expected` as its body, if given); fails after 30 s. */
export async function waitForResponse(url: string, expected?: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      const body = await response.text();
      if (response.ok && (expected === undefined || body === expected)) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not answer${expected ? ` "${expected}"` : ""} within 30 s`);
}
