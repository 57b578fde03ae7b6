import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import type { OutpostDev } from "../helpers/outpost-cli.js";

/**
 * Waits, if need be, until the current 10-second window (and so the current minute) has at least
 * three seconds left, so a test's calls all count in one window.
 */
async function awayFromWindowEdges(): Promise<void> {
  const intoWindow = Date.now() % 10_000;
  if (intoWindow > 7_000) await new Promise((resolve) => setTimeout(resolve, 10_050 - intoWindow));
}

describe("rate limiting (ratelimits)", () => {
  let dev: OutpostDev;
  useRunningCopy("ratelimit", (started) => {
    dev = started;
  });

  async function limit(binding: string, options: unknown): Promise<{ success?: boolean; error?: string }> {
    return (await dev.fetch(`/${binding}`, { method: "POST", body: JSON.stringify(options) })).json() as Promise<{ success?: boolean; error?: string }>;
  }
  async function successes(binding: string, options: unknown, calls: number): Promise<(boolean | undefined)[]> {
    const results: (boolean | undefined)[] = [];
    for (let call = 0; call < calls; call++) results.push((await limit(binding, options)).success);
    return results;
  }

  it("limit(): `simple.limit` uses per key per period, counted per namespace_id across bindings", async () => {
    await awayFromWindowEdges();
    assert.deepEqual(await successes("LOGIN_LIMITER", { key: "alice" }, 4), [true, true, true, false]);
    assert.deepEqual(await successes("LOGIN_LIMITER", { key: "bob" }, 1), [true], "another key counts apart");
    assert.deepEqual(await successes("SAME_NAMESPACE", { key: "alice" }, 1), [false], "a binding of the same namespace shares the count");
    assert.deepEqual(await successes("OTHER_NAMESPACE", { key: "alice" }, 1), [true], "another namespace counts apart");
    assert.deepEqual(await successes("LOGIN_LIMITER", {}, 4), [true, true, true, false], "no key is the empty key");
  });

  it("limit(): a call's own limit and period replace the binding's", async () => {
    await awayFromWindowEdges();
    assert.deepEqual(await successes("LOGIN_LIMITER", { key: "carol", limit: 1 }, 2), [true, false]);
    assert.deepEqual(await successes("LOGIN_LIMITER", { key: "dave", limit: 1, period: 10 }, 2), [true, false]);
  });

  it("unsafe.bindings of type ratelimit, the older way to configure a limiter, limit as ratelimits do", async () => {
    await awayFromWindowEdges();
    assert.deepEqual(await successes("UNSAFE_LIMITER", { key: "erin" }, 3), [true, true, false]);
    assert.doesNotMatch(dev.output, /unsafe/, "no warning about the unsafe binding");
  });

  it("limit(): bad options are refused with wrangler dev's messages", async () => {
    assert.deepEqual(await limit("LOGIN_LIMITER", "alice"), { error: "invalid rate limit options" });
    assert.deepEqual(await limit("LOGIN_LIMITER", { key: "alice", keys: [], when: 1 }), { error: "bad rate limit options: [keys,when]" });
    assert.deepEqual(await limit("LOGIN_LIMITER", { key: 7 }), { error: "invalid key: 7" });
    assert.deepEqual(await limit("LOGIN_LIMITER", { key: "alice", limit: "5" }), { error: "limit must be a number: 5" });
    assert.deepEqual(await limit("LOGIN_LIMITER", { key: "alice", period: 30 }), { error: "unsupported period: 30" });
  });
});
