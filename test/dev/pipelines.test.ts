import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { useFixtureCopy } from "../helpers/fixture-copy.js";
import { OutpostDev } from "../helpers/outpost-cli.js";

describe("Pipelines (pipelines)", () => {
  let project: string;
  useFixtureCopy("pipelines", (copy) => (project = copy));

  const lines = async (stream: string) => (await readFile(path.join(project, ".outpost", "pipelines", `${stream}.ndjson`), "utf8")).trimEnd().split("\n").map((line) => JSON.parse(line) as unknown);

  it("send(records) keeps each record as a line of its stream's NDJSON file once it resolves, through kill -9", async () => {
    const dev = await OutpostDev.start([project]);
    const send = async (binding: string, records: unknown) => (await dev.fetch(`/${binding}`, { method: "POST", body: JSON.stringify(records) })).json();
    try {
      assert.deepEqual(await send("CLICKS", [{ url: "/a", at: 1 }, { url: "/b", nested: { x: [1, 2] } }]), { sent: true });
      assert.deepEqual(await send("CLICKS", [{ url: "/c" }]), { sent: true });
      assert.deepEqual(await send("LEGACY", [{ from: "the deprecated pipeline field" }]), { sent: true });
      assert.deepEqual(await send("CLICKS", { url: "/not-a-list" }), { error: "TypeError: CLICKS.send() takes an array of objects." });
      assert.deepEqual(await send("CLICKS", ["text"]), { error: "TypeError: CLICKS.send() takes an array of objects." });
    } finally {
      await dev.kill();
    }
    assert.deepEqual(await lines("clicks_stream"), [{ url: "/a", at: 1 }, { url: "/b", nested: { x: [1, 2] } }, { url: "/c" }]);
    assert.deepEqual(await lines("legacy-pipeline"), [{ from: "the deprecated pipeline field" }]);
  });
});
