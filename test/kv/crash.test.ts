import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useFixtureCopy } from "../helpers/fixture-copy.js";
import { OutpostDev } from "../helpers/outpost-cli.js";
import { kvCall } from "./kv-client.js";

/** Concurrent writers in the load the crash interrupts. */
const WRITERS = 16;
/** Milliseconds the load runs before the whole process tree is killed. */
const LOAD_MS = 1_500;

describe("KV: durability", () => {
  let project: string;
  useFixtureCopy("kv", (copy) => (project = copy));

  it("kill -9 of the whole process tree during a write load: every acknowledged put is there after restart", async (t) => {
    const dev = await OutpostDev.start([project]);
    const acknowledged: string[] = [];
    let killed = false;
    const writer = async (id: number) => {
      for (let n = 0; !killed; n++) {
        const key = `w${id}-${n}`;
        try {
          const { error } = await kvCall(dev, "put", [key, `value of ${key}`]);
          if (error === undefined && !killed) acknowledged.push(key);
        } catch {
          return;
        }
      }
    };
    const load = Array.from({ length: WRITERS }, (_, id) => writer(id));
    await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
    await dev.kill();
    killed = true;
    await Promise.all(load);
    t.diagnostic(`${acknowledged.length} puts acknowledged before SIGKILL`);
    assert.ok(acknowledged.length > 100, `only ${acknowledged.length} puts were acknowledged`);

    const restarted = await OutpostDev.start([project]);
    try {
      const missing: string[] = [];
      for (let start = 0; start < acknowledged.length; start += 100) {
        const keys = acknowledged.slice(start, start + 100);
        const { result } = await kvCall(restarted, "get", [keys]);
        const values = (result as { map: Record<string, string | null> }).map;
        for (const key of keys) if (values[key] !== `value of ${key}`) missing.push(key);
      }
      assert.deepEqual(missing, []);
    } finally {
      await restarted.kill();
    }
  });
});
