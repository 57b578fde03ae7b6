import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { findConfigFile } from "./find-config-file.js";
import { configErrorOf } from "../../test/helpers/config-error-of.js";
import { TempProjects } from "./temp-projects.js";

const projects = new TempProjects();
after(() => projects.removeAll());

const READ_AS_IT_IS = { followRedirect: false, required: true };
const AS_WRANGLER_DEV = { followRedirect: true, required: true };

const REDIRECT = ".wrangler/deploy/config.json";
const GENERATED = "dist/app/wrangler.json";

/** A project built by the Vite plugin: the user's config, the generated one, and the redirect between them. */
function builtProject(redirect = JSON.stringify({ configPath: "../../dist/app/wrangler.json", auxiliaryWorkers: [] })): string {
  return projects.create({ "wrangler.jsonc": "{}", [GENERATED]: "{}", [REDIRECT]: redirect });
}

describe("findConfigFile", () => {
  it("findConfigFile: prefers wrangler.json, then wrangler.jsonc, then wrangler.toml, as wrangler does", async () => {
    const all = projects.create({ "wrangler.json": "{}", "wrangler.jsonc": "{}", "wrangler.toml": "" });
    assert.deepEqual(await findConfigFile(undefined, all, READ_AS_IT_IS), { configFile: path.join(all, "wrangler.json"), projectDir: all });
    const jsoncAndToml = projects.create({ "wrangler.jsonc": "{}", "wrangler.toml": "" });
    assert.equal((await findConfigFile(undefined, jsoncAndToml, READ_AS_IT_IS)).configFile, path.join(jsoncAndToml, "wrangler.jsonc"));
    const tomlOnly = projects.create({ "wrangler.toml": "" });
    assert.equal((await findConfigFile(undefined, tomlOnly, READ_AS_IT_IS)).configFile, path.join(tomlOnly, "wrangler.toml"));
  });

  it("findConfigFile: reads the file a config path names, relative to cwd", async () => {
    const dir = projects.create({ "configs/staging.toml": "" });
    assert.deepEqual(await findConfigFile("configs/staging.toml", dir, READ_AS_IT_IS), {
      configFile: path.join(dir, "configs/staging.toml"),
      projectDir: path.join(dir, "configs"),
    });
  });

  it("findConfigFile: looks inside a directory a config path names", async () => {
    const dir = projects.create({ "app/wrangler.jsonc": "{}" });
    assert.equal((await findConfigFile("app", dir, READ_AS_IT_IS)).configFile, path.join(dir, "app/wrangler.jsonc"));
  });

  it("findConfigFile: names the directory and every file name it looked for when none exists", async () => {
    const dir = projects.create({ "package.json": "{}" });
    const error = await configErrorOf(findConfigFile(undefined, dir, READ_AS_IT_IS));
    assert.equal(error.code, "ERR_CONFIG_NOT_FOUND");
    for (const part of [dir, "wrangler.json", "wrangler.jsonc", "wrangler.toml"]) {
      assert.ok(error.message.includes(part), `message should name ${part}: ${error.message}`);
    }
  });

  it("findConfigFile: a directory without a config is the project when none is required", async () => {
    const dir = projects.create({ "src/index.ts": "" });
    assert.deepEqual(await findConfigFile(undefined, dir, { followRedirect: true, required: false }), { projectDir: dir });
  });

  it("findConfigFile: fails when the config path does not exist", async () => {
    const dir = projects.create({});
    await assert.rejects(findConfigFile("nope.toml", dir, READ_AS_IT_IS), { code: "ERR_CONFIG_NOT_FOUND" });
  });

  it("findConfigFile: refuses a file that is not JSON, JSONC or TOML", async () => {
    const dir = projects.create({ "wrangler.yaml": "" });
    await assert.rejects(findConfigFile("wrangler.yaml", dir, READ_AS_IT_IS), { code: "ERR_CONFIG_FORMAT" });
  });
});

describe("findConfigFile: a build tool's redirect", () => {
  it("redirect: in a searched directory, chooses the config it names, relative to itself; the project stays where the user's config is", async () => {
    const dir = builtProject();
    assert.deepEqual(await findConfigFile(undefined, dir, AS_WRANGLER_DEV), {
      configFile: path.join(dir, GENERATED),
      projectDir: dir,
      redirect: { deployConfigFile: path.join(dir, REDIRECT), configFile: path.join(dir, GENERATED), userConfigFile: path.join(dir, "wrangler.jsonc") },
    });
    const outside = projects.create({});
    assert.equal((await findConfigFile(dir, outside, AS_WRANGLER_DEV)).configFile, path.join(dir, GENERATED), "a project directory is searched as cwd is");
  });

  it("redirect: applies without a user config beside it, as wrangler applies it", async () => {
    const dir = projects.create({ [GENERATED]: "{}", [REDIRECT]: '{"configPath":"../../dist/app/wrangler.json"}' });
    const found = await findConfigFile(undefined, dir, AS_WRANGLER_DEV);
    assert.equal(found.configFile, path.join(dir, GENERATED));
    assert.equal(found.redirect?.userConfigFile, undefined);
  });

  it("redirect: not followed when a config file is named, as with wrangler's --config, nor by a command that reads the user's config", async () => {
    const dir = builtProject();
    assert.deepEqual(await findConfigFile("wrangler.jsonc", dir, AS_WRANGLER_DEV), { configFile: path.join(dir, "wrangler.jsonc"), projectDir: dir });
    assert.deepEqual(await findConfigFile(undefined, dir, READ_AS_IT_IS), { configFile: path.join(dir, "wrangler.jsonc"), projectDir: dir });
  });

  it("redirect: one that is not JSON fails in wrangler's words, naming the file and where it breaks", async () => {
    const dir = builtProject('{"configPath": ');
    const error = await configErrorOf(findConfigFile(undefined, dir, AS_WRANGLER_DEV));
    assert.equal(error.code, "ERR_DEPLOY_CONFIG_INVALID");
    assert.match(error.message, /^Failed to parse the deploy configuration file at \.wrangler\/deploy\/config\.json\n\.wrangler\/deploy\/config\.json:1:\d+: /);
  });

  it("redirect: one without a configPath fails in wrangler's words, showing what it holds", async () => {
    const dir = builtProject('{"auxiliaryWorkers":[]}');
    const error = await configErrorOf(findConfigFile(undefined, dir, AS_WRANGLER_DEV));
    assert.equal(error.code, "ERR_DEPLOY_CONFIG_INVALID");
    assert.equal(
      error.message,
      'A deploy configuration file was found at ".wrangler/deploy/config.json".\n' +
        'But this is not valid - the required "configPath" property was not found.\n' +
        'Instead this file contains:\n```\n{"auxiliaryWorkers":[]}\n```',
    );
    const notString = await configErrorOf(findConfigFile(undefined, builtProject('{"configPath": 42}'), AS_WRANGLER_DEV));
    assert.equal(notString.message, 'Failed to parse the deploy configuration file at .wrangler/deploy/config.json\n"configPath" must be a string (got 42).');
  });

  it("redirect: one pointing at a missing file fails in wrangler's words, naming both files relative to cwd", async () => {
    const dir = builtProject('{"configPath":"../../build/server/wrangler.json"}');
    const error = await configErrorOf(findConfigFile(undefined, dir, AS_WRANGLER_DEV));
    assert.equal(error.code, "ERR_REDIRECTED_CONFIG_NOT_FOUND");
    assert.equal(
      error.message,
      'There is a deploy configuration at ".wrangler/deploy/config.json".\n' +
        'But the redirected configuration path it points to, "build/server/wrangler.json", does not exist.',
    );
  });
});
