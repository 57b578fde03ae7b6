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
    });
  });

  it("loadDevSecrets: prefers .dev.vars.<env> to .dev.vars, without merging them", async () => {
    const dir = projects.create({ ".dev.vars": "A=base\nB=base\n", ".dev.vars.staging": "A=staging\n" });
    assert.deepEqual(await loadDevSecrets(dir, "staging"), {
      values: { A: "staging" },
      files: [path.join(dir, ".dev.vars.staging")],
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
    assert.deepEqual(await loadDevSecrets(projects.create({})), { values: {}, files: [] });
  });
});
