import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { fixturesDir, OutpostDev } from "../helpers/outpost-cli.js";

async function withDev<T>(args: string[], use: (dev: OutpostDev) => Promise<T>): Promise<T> {
  const dev = await OutpostDev.start(args);
  try {
    return await use(dev);
  } finally {
    await dev.kill();
  }
}

describe("outpost dev: configuration", () => {
  const vars = path.join(fixturesDir, "vars");

  it("vars: string and JSON vars and .dev.vars secrets reach env", async () => {
    await withDev([vars], async (dev) => {
      assert.deepEqual(await (await dev.fetch("/")).json(), { greeting: "hello", limits: { max: 5 }, secret: "s3cr3t", extra: null });
    });
  });

  it("version_metadata: each deployment is a version with an id and the time it was deployed", async () => {
    const before = Date.now();
    await withDev([vars], async (dev) => {
      const { id, tag, timestamp } = (await (await dev.fetch("/version")).json()) as Record<string, string>;
      assert.match(id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(tag, "");
      assert.equal(new Date(timestamp!).toISOString(), timestamp);
      assert.ok(Date.parse(timestamp!) >= before && Date.parse(timestamp!) <= Date.now(), timestamp);
    });
  });

  it("--env: selects env.<name>'s vars", async () => {
    await withDev([vars, "--env", "staging"], async (dev) => {
      const body = (await (await dev.fetch("/")).json()) as Record<string, unknown>;
      assert.equal(body.greeting, "hello from staging");
      assert.deepEqual(body.limits, { max: 50 });
      assert.equal(body.secret, "s3cr3t");
    });
  });

  it("--var: overrides and adds vars", async () => {
    await withDev([vars, "--var", "GREETING:hi:there", "--var", "EXTRA:added"], async (dev) => {
      const body = (await (await dev.fetch("/")).json()) as Record<string, unknown>;
      assert.equal(body.greeting, "hi:there");
      assert.equal(body.extra, "added");
    });
  });

  it("-c: reads a wrangler.toml", async () => {
    await withDev(["-c", path.join(fixturesDir, "toml/wrangler.toml")], async (dev) => {
      assert.equal(await (await dev.fetch("/")).text(), "from toml");
      await dev.waitForOutput(/\[toml-worker\] GET \/ 200/);
    });
  });

  it("unsupported fields: each is named once in a warning, and the worker still runs", async () => {
    await withDev([path.join(fixturesDir, "errors/unsupported-field")], async (dev) => {
      assert.equal(await (await dev.fetch("/")).text(), "Hello World!");
      assert.match(dev.output, /vectorize/);
      assert.match(dev.output, /frobnicate/);
      assert.equal(dev.output.match(/vectorize/g)?.length, 1);
    });
  });
});
