import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadDevSecrets } from "./dev-vars.js";
import { TempProjects } from "./temp-projects.js";

const projects = new TempProjects();
after(() => projects.removeAll());

describe("loadDevSecrets", () => {
  it("loadDevSecrets: reads .dev.vars alone when it exists, ignoring .env files", async () => {
    const dir = projects.create({ ".dev.vars": 'TOKEN=dev\nQUOTED="a b"\n', ".env": "TOKEN=env\nOTHER=1\n" });
    assert.deepEqual(await loadDevSecrets(dir), {
      values: { TOKEN: "dev", QUOTED: "a b" },
      files: [path.join(dir, ".dev.vars")],
      warnings: [],
    });
  });

  it("loadDevSecrets: prefers .dev.vars.<env> to .dev.vars, without merging them", async () => {
    const dir = projects.create({ ".dev.vars": "A=base\nB=base\n", ".dev.vars.staging": "A=staging\n" });
    assert.deepEqual(await loadDevSecrets(dir, "staging"), {
      values: { A: "staging" },
      files: [path.join(dir, ".dev.vars.staging")],
      warnings: [],
    });
    assert.deepEqual((await loadDevSecrets(dir, "production")).values, { A: "base", B: "base" });
  });

  it("loadDevSecrets: merges the .env family, later files overriding earlier ones", async () => {
    const dir = projects.create({
      ".env": "A=env\nB=env\nC=env\nD=env\n",
      ".env.local": "B=local\nC=local\nD=local\n",
      ".env.staging": "C=staging\nD=staging\n",
      ".env.staging.local": "D=staging-local\n",
    });
    const secrets = await loadDevSecrets(dir, "staging");
    assert.deepEqual(secrets.values, { A: "env", B: "local", C: "staging", D: "staging-local" });
    assert.deepEqual(
      secrets.files,
      [".env", ".env.local", ".env.staging", ".env.staging.local"].map((name) => path.join(dir, name)),
    );
    assert.deepEqual((await loadDevSecrets(dir)).values, { A: "env", B: "local", C: "local", D: "local" });
  });

  it("loadDevSecrets: returns nothing when no secrets file exists", async () => {
    assert.deepEqual(await loadDevSecrets(projects.create({})), { values: {}, files: [], warnings: [] });
  });

  it("loadDevSecrets: --env-file names the files read in place of the .env family, and a missing one is named", async () => {
    const dir = projects.create({ ".env": "A=env\n", "config/base.env": "A=base\nB=base\n", "config/ci.env": "B=ci\n" });
    const files = ["config/base.env", "config/ci.env", "config/gone.env"].map((name) => path.join(dir, name));
    assert.deepEqual(await loadDevSecrets(dir, undefined, files), {
      values: { A: "base", B: "ci" },
      files: files.slice(0, 2),
      warnings: [`--env-file ${files[2]} does not exist; nothing is read from it.`],
    });
  });

  it("loadDevSecrets: .dev.vars still takes the place of --env-file's files, which a warning names", async () => {
    const dir = projects.create({ ".dev.vars": "A=dev\n", "ci.env": "A=ci\n" });
    const secrets = await loadDevSecrets(dir, undefined, [path.join(dir, "ci.env")]);
    assert.deepEqual(secrets.values, { A: "dev" });
    assert.deepEqual(secrets.warnings, [`--env-file ${path.join(dir, "ci.env")} is not read: .dev.vars is, and as in wrangler it takes the place of .env files.`]);
  });
});
