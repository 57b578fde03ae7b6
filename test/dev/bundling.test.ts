import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { fixturesDir, OutpostDev } from "../helpers/outpost-cli.js";

async function bodyOf(fixture: string, pathname = "/"): Promise<string> {
  const dev = await OutpostDev.start([path.join(fixturesDir, fixture)]);
  try {
    return await (await dev.fetch(pathname)).text();
  } finally {
    await dev.kill();
  }
}

describe("outpost dev: bundling", () => {
  it("define, alias and Text/Data/CompiledWasm module rules", async () => {
    assert.deepEqual(JSON.parse(await bodyOf("modules")), {
      build: "test-build",
      aliased: "from alias",
      text: "hello from a text file",
      dataBytes: 5,
      wasmAdd: 5,
    });
  });

  it("nodejs_compat: node:* imports resolve to workerd's built-ins", async () => {
    assert.equal(await bodyOf("nodejs-compat"), "aGk= 2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
  });

  it("JSX: a .tsx entry renders with hono/jsx", async () => {
    assert.equal(await bodyOf("jsx"), "<h1>Hello JSX</h1>");
  });

  it("no_bundle: modules are loaded as they are, found by rules", async () => {
    assert.equal(await bodyOf("no-bundle"), "no-bundle helper");
  });
});
