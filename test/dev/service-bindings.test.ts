import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fixturesDir, OutpostDev } from "../helpers/outpost-cli.js";

describe("outpost dev: two workers joined by a service binding", () => {
  let dev: OutpostDev;
  before(async () => {
    dev = await OutpostDev.start(["-c", path.join(fixturesDir, "service-a"), "-c", path.join(fixturesDir, "service-b")]);
  });
  after(() => dev.kill());

  it("service binding: fetch reaches the other worker's default entrypoint", async () => {
    assert.equal(await (await dev.fetch("/fetch")).text(), "b via fetch");
  });

  it("service binding: RPC calls a WorkerEntrypoint method", async () => {
    assert.equal(await (await dev.fetch("/rpc")).text(), "5");
  });

  it("service binding: a named entrypoint is reached over RPC", async () => {
    assert.equal(await (await dev.fetch("/greet")).text(), "hello outpost");
  });

  it("service binding: props reach the entrypoint as ctx.props", async () => {
    assert.equal(await (await dev.fetch("/greet-formally")).text(), "good day outpost");
  });

  it("logs: each worker's requests carry its own name", async () => {
    await (await dev.fetch("/fetch")).text();
    await dev.waitForOutput(/\[service-a\] GET \/fetch 200/);
    await dev.waitForOutput(/\[service-b\] GET \/fetch 200/);
  });
});
