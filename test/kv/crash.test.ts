import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { useFixtureCopy } from "../helpers/fixture-copy.js";
import { OutpostDev } from "../helpers/outpost-cli.js";
import { until } from "../helpers/until.js";
import { kvCall } from "./kv-client.js";

/** Concurrent writers in the load the crash interrupts. */
const WRITERS = 16;
/** Puts acknowledged before the whole process tree is killed, the load still running. */
const PUTS_BEFORE_KILL = 200;
/** Concurrent writers of large values, each overwriting a few keys of its own over and over. */
const LARGE_WRITERS = 4;
const KEYS_PER_LARGE_WRITER = 3;
/** Large puts acknowledged before the kill: enough to overwrite each key. */
const LARGE_PUTS_BEFORE_KILL = 2 * LARGE_WRITERS * KEYS_PER_LARGE_WRITER;
/** Bytes of each large value: well past the 64 KiB kept inline, so each lives in a file. */
const LARGE_VALUE_BYTES = 512 * 1024;

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
    await until(() => acknowledged.length >= PUTS_BEFORE_KILL, () => `${PUTS_BEFORE_KILL} puts to be acknowledged (${acknowledged.length} so far)`, { timeoutMs: 60_000 });
    await dev.kill();
    killed = true;
    await Promise.all(load);
    t.diagnostic(`${acknowledged.length} puts acknowledged before SIGKILL`);

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

  it("kill -9 during overwrites of large values: each key holds its last acknowledged value, whole, and no file is left over", async (t) => {
    const dev = await OutpostDev.start([project]);
    const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    /** Per key, the digest of its last acknowledged value, and of a put still unanswered when the tree died. */
    const acknowledged = new Map<string, string>();
    const unanswered = new Map<string, string>();
    let puts = 0;
    let killed = false;
    const writer = async (id: number) => {
      for (let n = 0; !killed; n++) {
        const key = `large-${id}-${n % KEYS_PER_LARGE_WRITER}`;
        const value = randomBytes(LARGE_VALUE_BYTES);
        unanswered.set(key, digest(value));
        try {
          const response = await dev.fetch(`/stream-put?key=${key}`, { method: "PUT", body: value });
          if ((await response.text()) !== "ok") return;
        } catch {
          return;
        }
        acknowledged.set(key, unanswered.get(key)!);
        unanswered.delete(key);
        puts++;
      }
    };
    const load = Array.from({ length: LARGE_WRITERS }, (_, id) => writer(id));
    await until(() => puts >= LARGE_PUTS_BEFORE_KILL, () => `${LARGE_PUTS_BEFORE_KILL} large puts to be acknowledged (${puts} so far)`, { timeoutMs: 60_000 });
    await dev.kill();
    killed = true;
    await Promise.all(load);
    t.diagnostic(`${puts} large puts acknowledged before SIGKILL`);

    const restarted = await OutpostDev.start([project]);
    try {
      for (const key of new Set([...acknowledged.keys(), ...unanswered.keys()])) {
        const stored = await (await restarted.fetch(`/digest?key=${key}`)).text();
        // A put unanswered at the kill may have committed; either way the value is whole.
        const allowed = [acknowledged.get(key) ?? "null", unanswered.get(key)].filter((value) => value !== undefined);
        assert.ok(allowed.includes(stored), `${key}: stored ${stored}, expected one of ${allowed.join(", ")}`);
      }
      const kv = path.join(project, ".outpost/kv");
      const db = new Database(path.join(kv, "kv.sqlite"), { readonly: true });
      const named = db.prepare("SELECT blob FROM kv_entries WHERE blob IS NOT NULL").pluck().all() as string[];
      db.close();
      assert.deepEqual(new Set(await readdir(path.join(kv, "blobs"))), new Set(named));
      assert.deepEqual(await readdir(path.join(kv, "tmp")), []);
    } finally {
      await restarted.kill();
    }
  });
});
