import type { OutpostDev } from "../helpers/outpost-cli.js";

export interface KvCallResult {
  result?: unknown;
  error?: string;
}

/** Calls `env[binding][method](...args)` inside the `kv` fixture worker and returns what it answered. */
export async function kvCall(dev: OutpostDev, method: string, args: unknown[] = [], binding: "KV" | "OTHER" = "KV"): Promise<KvCallResult> {
  const response = await dev.fetch("/op", { method: "POST", body: JSON.stringify({ binding, method, args }) });
  return (await response.json()) as KvCallResult;
}
