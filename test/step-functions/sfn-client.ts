import assert from "node:assert/strict";
import type { OutpostDev } from "../helpers/outpost-cli.js";
import { eventually } from "../helpers/until.js";

/** The fixture's `/call` route: `env[machine][method](...args)`, answering `{result}` or `{error: {name, message}}`. */
export async function call(dev: OutpostDev, machine: string, method: string, ...args: unknown[]): Promise<{ result?: any; error?: { name: string; message: string } }> {
  const query = new URLSearchParams({ machine, method });
  const response = await dev.fetch(`/call?${query}`, { method: "POST", body: JSON.stringify(args) });
  assert.equal(response.status, 200);
  return (await response.json()) as { result?: any; error?: { name: string; message: string } };
}

export const executionArnOf = (machine: string, name: string) => `arn:aws:states:us-east-1:000000000000:execution:${machine}:${name}`;

/** Polls DescribeExecution through the binding until the execution is no longer RUNNING. */
export function finished(dev: OutpostDev, arn: string): Promise<any> {
  return eventually(
    async () => {
      const { result, error } = await call(dev, "ORDERS", "describe", arn);
      assert.equal(error, undefined);
      return result.status === "RUNNING" ? undefined : result;
    },
    `${arn} to finish`,
    { timeoutMs: 20_000, intervalMs: 50 },
  );
}

export async function kv(dev: OutpostDev, key: string): Promise<string> {
  return (await dev.fetch(`/kv?${new URLSearchParams({ key })}`)).text();
}

/** The task token the fixture's worker stores in KV once an execution waits on it. */
export function storedToken(dev: OutpostDev): Promise<string> {
  return eventually(async () => (await kv(dev, "token")) || undefined, "a task token in KV", { intervalMs: 50 });
}
