import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { copyFixture } from "../helpers/fixture-copy.js";
import { withDev } from "../helpers/outpost-cli.js";
import { eventually } from "../helpers/until.js";

describe("Tail Workers (tail_consumers)", () => {
  it("a running tail consumer's tail() gets each of the producer's events, with the producer's console lines as it wrote them", async () => {
    const root = await copyFixture("tail-producer");
    const consumer = await copyFixture("tail-consumer");
    await withDev(["-c", root, "-c", consumer, "--persist-to", path.join(root, ".outpost")], async (dev) => {
      await dev.waitForOutput(/tail-producer's tail consumer "not-running" is not running in this Outpost session; its tail events are dropped/);
      assert.equal(await (await dev.fetch("/hello")).text(), "produced");
      const hello = await eventually(async () => {
        const recorded = (await (await dev.fetch("/tails")).json()) as { url: string }[];
        return recorded.find((event) => event.url === `${dev.url}/hello`);
      }, "the consumer to record the tail event of GET /hello");
      assert.deepEqual(hello, { scriptName: null, outcome: "ok", url: `${dev.url}/hello`, logs: [["handling", "/hello"]] });
    });
  });
});
