import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { findConfigFile } from "./find-config-file.js";
import { TempProjects } from "./temp-projects.js";

const projects = new TempProjects();
after(() => projects.removeAll());

describe("findConfigFile", () => {
  it("findConfigFile: prefers wrangler.json, then wrangler.jsonc, then wrangler.toml, as wrangler does", async () => {
    const all = projects.create({ "wrangler.json": "{}", "wrangler.jsonc": "{}", "wrangler.toml": "" });
    assert.equal(await findConfigFile(undefined, all), path.join(all, "wrangler.json"));
    const jsoncAndToml = projects.create({ "wrangler.jsonc": "{}", "wrangler.toml": "" });
    assert.equal(await findConfigFile(undefined, jsoncAndToml), path.join(jsoncAndToml, "wrangler.jsonc"));
    const tomlOnly = projects.create({ "wrangler.toml": "" });
    assert.equal(await findConfigFile(undefined, tomlOnly), path.join(tomlOnly, "wrangler.toml"));
  });

  it("findConfigFile: reads the file a config path names, relative to cwd", async () => {
    const dir = projects.create({ "configs/staging.toml": "" });
    assert.equal(await findConfigFile("configs/staging.toml", dir), path.join(dir, "configs/staging.toml"));
  });

  it("findConfigFile: looks inside a directory a config path names", async () => {
    const dir = projects.create({ "app/wrangler.jsonc": "{}" });
    assert.equal(await findConfigFile("app", dir), path.join(dir, "app/wrangler.jsonc"));
  });

  it("findConfigFile: names the directory and every file name it looked for when none exists", async () => {
    const dir = projects.create({ "package.json": "{}" });
    await assert.rejects(findConfigFile(undefined, dir), (error: Error & { code?: string }) => {
      assert.equal(error.code, "ERR_CONFIG_NOT_FOUND");
      for (const part of [dir, "wrangler.json", "wrangler.jsonc", "wrangler.toml"]) {
        assert.ok(error.message.includes(part), `message should name ${part}: ${error.message}`);
      }
      return true;
    });
  });

  it("findConfigFile: fails when the config path does not exist", async () => {
    const dir = projects.create({});
    await assert.rejects(findConfigFile("nope.toml", dir), { code: "ERR_CONFIG_NOT_FOUND" });
  });

  it("findConfigFile: refuses a file that is not JSON, JSONC or TOML", async () => {
    const dir = projects.create({ "wrangler.yaml": "" });
    await assert.rejects(findConfigFile("wrangler.yaml", dir), { code: "ERR_CONFIG_FORMAT" });
  });
});
