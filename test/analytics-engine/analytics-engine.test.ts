import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { useFixtureCopy } from "../helpers/fixture-copy.js";
import { failed, OutpostDev, runOutpost, succeeded } from "../helpers/outpost-cli.js";
import { eventually } from "../helpers/until.js";

type Row = Record<string, unknown>;

describe("Analytics Engine (analytics_engine_datasets)", () => {
  let project: string;
  useFixtureCopy("analytics-engine", (copy) => (project = copy));

  function sql(command: string): Promise<Row[]> {
    return succeeded(runOutpost(["analytics-engine", "sql", "-c", project, "--command", command, "--json"])).then((stdout) => JSON.parse(stdout) as Row[]);
  }

  /** The rows of `query` once there are `count` of them: writes land after the response, as on Cloudflare. */
  function rowsOnceThereAre(count: number, query: string): Promise<Row[]> {
    let last: Row[] = [];
    return eventually(
      async () => {
        last = await sql(query);
        return last.length === count ? last : undefined;
      },
      () => `${count} rows of ${query} (last: ${JSON.stringify(last)})`,
    );
  }

  async function write(dev: OutpostDev, binding: string, points: unknown[]): Promise<{ written?: number; error?: string }> {
    return (await dev.fetch(`/${binding}`, { method: "POST", body: JSON.stringify(points) })).json() as Promise<{ written?: number; error?: string }>;
  }

  it("writeDataPoint(): each data point lands in its dataset with Analytics Engine's columns, and survives kill -9", async () => {
    const before = Date.now();
    const dev = await OutpostDev.start([project]);
    try {
      assert.deepEqual(await write(dev, "EVENTS", [{ indexes: ["user-1"], blobs: ["Seattle", "USA", null, "a,b"], doubles: [25, 0.5] }, null]), { written: 2 });
      assert.deepEqual(await write(dev, "ERRORS", [{ blobs: ["timeout"], doubles: [504] }]), { written: 1 });
      const rows = await rowsOnceThereAre(2, "SELECT * FROM page_views ORDER BY index1 DESC");
      assert.deepEqual(
        rows.map(({ dataset, index1, blob1, blob2, blob3, blob4, blob20, double1, double2, double20, _sample_interval }) => ({
          dataset, index1, blob1, blob2, blob3, blob4, blob20, double1, double2, double20, _sample_interval,
        })),
        [
          { dataset: "page_views", index1: "user-1", blob1: "Seattle", blob2: "USA", blob3: "", blob4: "a,b", blob20: "", double1: 25, double2: 0.5, double20: 0, _sample_interval: 1 },
          { dataset: "page_views", index1: "", blob1: "", blob2: "", blob3: "", blob4: "", blob20: "", double1: 0, double2: 0, double20: 0, _sample_interval: 1 },
        ],
      );
      for (const { timestamp } of rows) {
        assert.match(String(timestamp), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
        const written = Date.parse(`${String(timestamp).replace(" ", "T")}Z`);
        assert.ok(written >= Math.floor(before / 1000) * 1000 && written <= Date.now(), `timestamp ${String(timestamp)} is when it was written`);
      }
      assert.deepEqual(await rowsOnceThereAre(1, "SELECT dataset, blob1, double1 FROM ERRORS"), [{ dataset: "ERRORS", blob1: "timeout", double1: 504 }], "a dataset defaults to its binding's name");
    } finally {
      await dev.kill();
    }
    assert.deepEqual(await sql("SELECT count(*) AS points, sum(_sample_interval) AS weight FROM page_views"), [{ points: 2, weight: 2 }], "after kill -9 of the process tree");
  });

  it("writeDataPoint(): binary blobs and indexes are kept as bytes", async () => {
    const dev = await OutpostDev.start([project]);
    try {
      assert.deepEqual(await write(dev, "bytes", []), { written: 1 });
      assert.deepEqual(await rowsOnceThereAre(1, "SELECT index1, blob1, blob2, blob3 FROM page_views WHERE index1 = CAST('raw' AS BLOB)"), [
        { index1: [114, 97, 119], blob1: [0, 255, 1], blob2: [104, 105], blob3: "" },
      ]);
    } finally {
      await dev.kill();
    }
  });

  it("writeDataPoint(): a data point over Analytics Engine's limits throws workerd's TypeError and is not stored", async () => {
    const dev = await OutpostDev.start([project]);
    try {
      const tooMany = (n: number) => Array.from({ length: n }, (_, i) => `blob-${i}`);
      const refusals = {
        "21 blobs": [{ blobs: tooMany(21) }, "TypeError: writeDataPoint(): Maximum of 20 blobs supported."],
        "21 doubles": [{ doubles: Array.from({ length: 21 }, (_, i) => i) }, "TypeError: writeDataPoint(): Maximum of 20 doubles supported."],
        "2 indexes": [{ indexes: ["a", "b"] }, "TypeError: writeDataPoint(): Maximum of 1 indexes supported."],
        "a 97-byte index": [{ indexes: ["é".repeat(48) + "x"] }, "TypeError: writeDataPoint(): Size of indexes[0] exceeds 96 bytes)."],
        "16 KiB and a byte of blobs": [{ blobs: ["x".repeat(8192), "y".repeat(8193)] }, "TypeError: writeDataPoint(): Cumulative size of blobs exceeds 16384 bytes)."],
        "blobs that are not a list": [{ blobs: "Seattle" }, "TypeError: writeDataPoint(): blobs must be an array."],
      };
      for (const [what, [point, error]] of Object.entries(refusals)) {
        assert.deepEqual(await write(dev, "ERRORS", [point]), { error }, what);
      }
      assert.deepEqual(await write(dev, "ERRORS", [{ indexes: ["é".repeat(48)], blobs: ["x".repeat(8192), "y".repeat(8192)] }]), { written: 1 }, "exactly at the limits");
      const [stored] = await rowsOnceThereAre(1, "SELECT length(index1) AS index_chars, length(blob1) + length(blob2) AS blob_bytes FROM ERRORS WHERE blob1 <> 'timeout'");
      assert.deepEqual(stored, { index_chars: 48, blob_bytes: 16384 });
      assert.deepEqual(await sql("SELECT count(*) AS points FROM ERRORS"), [{ points: 2 }], "only the data point within the limits was added");
    } finally {
      await dev.kill();
    }
  });

  it("a queue() handler gets the bindings too, and what it throws is logged", async () => {
    const dev = await OutpostDev.start([project]);
    try {
      await dev.fetch("/queue", { method: "POST", body: "job-1" });
      assert.deepEqual(await rowsOnceThereAre(1, "SELECT blob1 FROM jobs_done"), [{ blob1: "job-1" }]);
      await dev.fetch("/queue", { method: "POST", body: "throw" });
      await dev.waitForOutput(/\[analytics-engine\] ✘ Uncaught Error: the job failed\n\s+at Object\.queue \(.*src\/index\.ts:\d+:\d+\)/);
    } finally {
      await dev.kill();
    }
  });

  it("outpost analytics-engine sql: reads only, and names what it refuses", async () => {
    const refusal = (command: string) => failed(runOutpost(["analytics-engine", "sql", "-c", project, "--command", command]));
    assert.equal(await refusal("DELETE FROM data_points"), "✘ The query was refused: only a statement that returns rows can run here (datasets: ERRORS, jobs_done, page_views)\n");
    assert.equal(await refusal("DELETE FROM page_views"), "✘ The query was refused: cannot modify page_views because it is a view (datasets: ERRORS, jobs_done, page_views)\n");
    assert.equal(await refusal("SELECT nope FROM page_views"), "✘ The query was refused: no such column: nope (datasets: ERRORS, jobs_done, page_views)\n");
    const table = await succeeded(runOutpost(["analytics-engine", "sql", "-c", project, "--command", "SELECT dataset, count(*) AS points FROM page_views GROUP BY dataset"]));
    assert.equal(table, "dataset     points\npage_views  3\n");
    const empty = await mkdtemp(path.join(os.tmpdir(), "outpost-ae-empty-"));
    try {
      const stderr = await failed(runOutpost(["analytics-engine", "sql", "-c", project, "--persist-to", empty, "--command", "SELECT 1"]));
      assert.equal(stderr, `✘ No worker has written a data point under ${empty} yet.\n`);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
