import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { fixturesDir, OutpostDev } from "../helpers/outpost-cli.js";
import { until } from "../helpers/until.js";

describe("outpost dev: supervision", { skip: process.platform !== "linux" && "workerd is tied to Outpost's life through Linux's parent-death signal" }, () => {
  it("kill -9: workerd dies with outpost and the port stops answering", async () => {
    const dev = await OutpostDev.start([path.join(fixturesDir, "hello")]);
    try {
      assert.equal(await (await dev.fetch("/", { headers: { connection: "close" } })).text(), "Hello World!");
      await dev.killOutpostOnly();
      const refused = () =>
        dev.fetch("/", { headers: { connection: "close" } }).then(
          (response) => response.text().then(() => false),
          () => true,
        );
      await until(refused, "workerd to stop answering after outpost was killed", { intervalMs: 50 });
    } finally {
      await dev.kill();
    }
  });

  it("kill -9: the next outpost removes the build directory the killed one left", async () => {
    const buildDirectoriesOf = async (pid: number) => (await readdir(os.tmpdir())).filter((name) => name.startsWith(`outpost-${pid}-`));
    const killed = await OutpostDev.start([path.join(fixturesDir, "hello")]);
    await killed.kill();
    assert.equal((await buildDirectoriesOf(killed.pid)).length, 1);
    const next = await OutpostDev.start([path.join(fixturesDir, "hello")]);
    try {
      assert.deepEqual(await buildDirectoriesOf(killed.pid), []);
      assert.equal((await buildDirectoriesOf(next.pid)).length, 1);
    } finally {
      await next.stop();
    }
    assert.deepEqual(await buildDirectoriesOf(next.pid), []);
  });
});
