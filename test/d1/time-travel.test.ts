import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { until } from "../helpers/until.js";
import { useFixtureCopy, useRunningCopy } from "../helpers/fixture-copy.js";
import { failed, OutpostDev, runOutpost, succeeded } from "../helpers/outpost-cli.js";
import { d1Call, d1Rows } from "./d1-client.js";

interface Info {
  bookmark: string;
  committed_at: string;
  earliest_bookmark: string;
}

describe("D1: Time Travel", () => {
  let dev: OutpostDev;
  let project: string;
  useRunningCopy("d1", (running, copy) => {
    dev = running;
    project = copy;
  });

  const timeTravel = (...args: string[]) => runOutpost(["d1", "time-travel", ...args, "-c", project]);
  const info = async (...args: string[]) => JSON.parse(await succeeded(timeTravel("info", "DB", "--json", ...args))) as Info;
  const write = async (sql: string, params: unknown[] = []) => {
    const { error } = await d1Call(dev, { method: "run", statements: [{ sql, params }] });
    assert.equal(error, undefined);
  };
  const rows = () => d1Rows(dev, "SELECT id, note FROM travel ORDER BY id");

  it("restore --bookmark: exactly the state as of the bookmark, and the printed previous bookmark undoes it", async () => {
    await write("CREATE TABLE travel (id INTEGER PRIMARY KEY, note TEXT)");
    for (let n = 1; n <= 3; n++) await write("INSERT INTO travel (note) VALUES (?)", [`first ${n}`]);
    const noted = await info();
    const expected = await rows();
    await write("INSERT INTO travel (note) VALUES ('later')");
    await write("UPDATE travel SET note = 'changed' WHERE id = 1");
    await write("CREATE TABLE extra (x)");
    const after = await rows();

    const restored = JSON.parse(await succeeded(timeTravel("restore", "DB", "--bookmark", noted.bookmark, "--json"))) as { bookmark: string; previous_bookmark: string };
    assert.equal(restored.bookmark, noted.bookmark);
    assert.deepEqual(await rows(), expected, "the running worker reads the restored state");
    assert.deepEqual(await d1Rows(dev, "SELECT name FROM sqlite_master WHERE name = 'extra'"), []);

    const undo = await succeeded(timeTravel("restore", "DB", "--bookmark", restored.previous_bookmark));
    assert.match(undo, /To undo this, restore to the previous bookmark/);
    assert.deepEqual(await rows(), after);
    assert.deepEqual(await d1Rows(dev, "SELECT name FROM sqlite_master WHERE name = 'extra'"), [{ name: "extra" }]);
  });

  it("bookmarks sort in commit order; sessions hand out the same bookmarks", async () => {
    const before = (await info()).bookmark;
    await write("INSERT INTO travel (note) VALUES ('next')");
    const after = (await info()).bookmark;
    assert.ok(before < after, `${before} should sort before ${after}`);
    const { result } = await d1Call(dev, { method: "session" });
    assert.equal((result as { after: string }).after, after);
  });

  it("info --timestamp and restore --timestamp: the last commit at or before the time", async () => {
    await write("DELETE FROM travel");
    await write("INSERT INTO travel (note) VALUES ('at noon')");
    const then = await info();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const seconds = Math.floor(Date.now() / 1000);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await write("INSERT INTO travel (note) VALUES ('afterwards')");
    assert.equal((await info("--timestamp", String(seconds))).bookmark, then.bookmark);
    await succeeded(timeTravel("restore", "DB", "--timestamp", new Date(seconds * 1000).toISOString()));
    assert.deepEqual((await rows()).map((row) => row.note), ["at noon"]);
  });

  it("bad input: a malformed bookmark, one outside history, both or neither target, a time before history", async () => {
    assert.match(await failed(timeTravel("restore", "DB", "--bookmark", "yesterday")), /"yesterday" is not a bookmark/);
    assert.match(await failed(timeTravel("restore", "DB", "--bookmark", "ffffffff-ffffffff")), /outside the history kept/);
    assert.match(await failed(timeTravel("restore", "DB")), /exactly one of --bookmark and --timestamp/);
    assert.match(await failed(timeTravel("info", "DB", "--timestamp", "not a time")), /--timestamp must be Unix seconds or an RFC 3339 time/);
    assert.match(await failed(timeTravel("info", "DB", "--timestamp", "1000")), /is before the oldest state kept/);
  });

  it("retention: set in days and MiB; the oldest states are folded away, and the oldest kept restores exactly", async () => {
    const set = JSON.parse(await succeeded(timeTravel("retention", "DB", "--days", "7", "--max-size-mb", "0.1", "--json"))) as { days: number; max_bytes: number };
    assert.deepEqual([set.days, set.max_bytes], [7, 0.1 * 1024 ** 2]);
    const beforeInserts = await info();
    const rowsBefore = (await rows()).length;
    for (let n = 0; n < 40; n++) await write("INSERT INTO travel (note) VALUES (?)", ["x".repeat(2000)]);
    const current = await info();
    assert.ok(current.earliest_bookmark > beforeInserts.bookmark, `history still reaches ${current.earliest_bookmark}, before the inserts`);
    const { used_bytes } = JSON.parse(await succeeded(timeTravel("retention", "DB", "--json"))) as { used_bytes: number };
    assert.ok(used_bytes < 0.1 * 1024 ** 2 + 200 * 1024, `history holds ${used_bytes} bytes`);
    const insertsAfterEarliest = parseInt(current.bookmark.replace("-", ""), 16) - parseInt(current.earliest_bookmark.replace("-", ""), 16);
    await succeeded(timeTravel("restore", "DB", "--bookmark", current.earliest_bookmark));
    assert.equal((await rows()).length, rowsBefore + 40 - insertsAfterEarliest);
  });
});

/** Rows acknowledged before the kill, the writers still running. */
const ROWS_BEFORE_KILL = 100;

describe("D1: Time Travel after kill -9", () => {
  let project: string;
  useFixtureCopy("d1", (copy) => (project = copy));

  it("kill -9 during a write load: the history rebuilds exactly the state on disk, and every earlier bookmark restores", async () => {
    const dev = await OutpostDev.start([project]);
    await d1Call(dev, { method: "run", statements: [{ sql: "CREATE TABLE load (n INTEGER)" }] });
    let stopped = false;
    let written = 0;
    const writer = async () => {
      while (!stopped) {
        try {
          await d1Call(dev, { method: "run", statements: [{ sql: "INSERT INTO load VALUES (1)" }] });
          written++;
        } catch {
          return;
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    await until(() => written >= ROWS_BEFORE_KILL, () => `${ROWS_BEFORE_KILL} rows to be written (${written} so far)`, { timeoutMs: 60_000 });
    await dev.kill();
    stopped = true;
    await Promise.all(writers);

    const restarted = await OutpostDev.start([project]);
    try {
      const count = async () => (await d1Rows(restarted, "SELECT count(*) AS n FROM load"))[0]!.n as number;
      const total = await count();
      const timeTravel = (...args: string[]) => runOutpost(["d1", "time-travel", ...args, "-c", project]);
      const latest = (JSON.parse(await succeeded(timeTravel("info", "DB", "--json"))) as Info).bookmark;
      await succeeded(timeTravel("restore", "DB", "--bookmark", "00000000-00000001"));
      assert.equal(await count(), 0);
      await succeeded(timeTravel("restore", "DB", "--bookmark", latest));
      assert.equal(await count(), total);
      assert.ok(total >= ROWS_BEFORE_KILL, `only ${total} of the ${written} rows acknowledged are there`);
    } finally {
      await restarted.kill();
    }
  });
});
