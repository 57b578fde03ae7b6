import type { OutpostDev } from "../helpers/outpost-cli.js";

export interface D1CallResult {
  result?: unknown;
  error?: string;
}

export interface D1Call {
  method: string;
  statements?: { sql: string; params?: unknown[] }[];
  sql?: string;
  column?: string;
}

/** Runs one D1 call inside the `d1` fixture worker and returns what it answered. */
export async function d1Call(dev: OutpostDev, call: D1Call): Promise<D1CallResult> {
  const response = await dev.fetch("/op", { method: "POST", body: JSON.stringify(call) });
  return (await response.json()) as D1CallResult;
}

/** The rows of `SELECT`ing `sql` through the worker. */
export async function d1Rows(dev: OutpostDev, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const { result, error } = await d1Call(dev, { method: "all", statements: [{ sql, params }] });
  if (error !== undefined) throw new Error(error);
  return (result as { results: Record<string, unknown>[] }).results;
}

