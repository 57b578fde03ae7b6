import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadDevSecrets } from "./dev-vars.js";
import { TempProjects } from "./temp-projects.js";

const projects = new TempProjects();
after(() => projects.removeAll());

describe("loadDevSecrets", () => {
  it("loadDevSecrets: reads .dev.vars alone when it exists, as written, ignoring .env files and the environment", async () => {
    const dir = projects.create({ ".dev.vars": 'TOKEN=dev\nQUOTED="a b"\nREF=${TOKEN}\n', ".env": "TOKEN=env\nOTHER=1\n" });
    assert.deepEqual(await loadDevSecrets(dir, { processEnv: { TOKEN: "shell" } }), {
      values: { TOKEN: "dev", QUOTED: "a b", REF: "${TOKEN}" },
      environment: {},
      files: [path.join(dir, ".dev.vars")],
      warnings: [],
    });
  });

  it("loadDevSecrets: prefers .dev.vars.<env> to .dev.vars, without merging them", async () => {
    const dir = projects.create({ ".dev.vars": "A=base\nB=base\n", ".dev.vars.staging": "A=staging\n" });
    assert.deepEqual(await loadDevSecrets(dir, { environment: "staging" }), {
      values: { A: "staging" },
      environment: {},
      files: [path.join(dir, ".dev.vars.staging")],
      warnings: [],
    });
    assert.deepEqual((await loadDevSecrets(dir, { environment: "production" })).values, { A: "base", B: "base" });
  });

  it("loadDevSecrets: merges the .env family, later files overriding earlier ones", async () => {
    const dir = projects.create({
      ".env": "A=env\nB=env\nC=env\nD=env\n",
      ".env.local": "B=local\nC=local\nD=local\n",
      ".env.staging": "C=staging\nD=staging\n",
      ".env.staging.local": "D=staging-local\n",
    });
    const secrets = await loadDevSecrets(dir, { environment: "staging" });
    assert.deepEqual(secrets.values, { A: "env", B: "local", C: "staging", D: "staging-local" });
    assert.deepEqual(
      secrets.files,
      [".env", ".env.local", ".env.staging", ".env.staging.local"].map((name) => path.join(dir, name)),
    );
    assert.deepEqual((await loadDevSecrets(dir)).values, { A: "env", B: "local", C: "local", D: "local" });
  });

  it("loadDevSecrets: with dotEnv false (CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false) the .env family is not read, but --env-file still is", async () => {
    const dir = projects.create({ ".env": "A=env\n", "ci.env": "B=ci\n" });
    assert.deepEqual((await loadDevSecrets(dir, { dotEnv: false })).values, {});
    assert.deepEqual((await loadDevSecrets(dir, { dotEnv: false, envFiles: [path.join(dir, "ci.env")] })).values, { B: "ci" });
  });

  it("loadDevSecrets: returns nothing when no secrets file exists", async () => {
    assert.deepEqual(await loadDevSecrets(projects.create({})), { values: {}, environment: {}, files: [], warnings: [] });
  });

  it("loadDevSecrets: references in .env files are expanded against their keys, unset ones are empty, and \\$ is a dollar", async () => {
    const dir = projects.create({ ".env": 'HOST=db.test\nURL=postgres://${HOST}/app\nNONE=[${NOT_SET}]\nPORT=${PORT:-5432}\nPRICE=5\\$\n', ".env.local": "URL2=${URL}?ssl=1\n" });
    assert.deepEqual((await loadDevSecrets(dir)).values, {
      HOST: "db.test",
      URL: "postgres://db.test/app",
      NONE: "[]",
      PORT: "5432",
      PRICE: "5$",
      URL2: "postgres://db.test/app?ssl=1",
    });
  });

  it("loadDevSecrets: with the environment included, references may name its keys and its values win", async () => {
    const dir = projects.create({ ".env": "TOKEN=from-file\nGREETING=hi ${USER_NAME}\n" });
    const secrets = await loadDevSecrets(dir, { processEnv: { TOKEN: "from-shell", USER_NAME: "ann", UNSET: undefined } });
    assert.deepEqual(secrets.values, { TOKEN: "from-shell", GREETING: "hi ann" });
    assert.deepEqual(secrets.environment, { TOKEN: "from-shell", USER_NAME: "ann" });
  });

  it("loadDevSecrets: --env-file names the files read in place of the .env family, and a missing one is named", async () => {
    const dir = projects.create({ ".env": "A=env\n", "config/base.env": "A=base\nB=base\n", "config/ci.env": "B=ci\n" });
    const files = ["config/base.env", "config/ci.env", "config/gone.env"].map((name) => path.join(dir, name));
    assert.deepEqual(await loadDevSecrets(dir, { envFiles: files }), {
      values: { A: "base", B: "ci" },
      environment: {},
      files: files.slice(0, 2),
      warnings: [`--env-file ${files[2]} does not exist; nothing is read from it.`],
    });
  });

  it("loadDevSecrets: --env-file's files take the place of .dev.vars too, and are expanded", async () => {
    const dir = projects.create({ ".dev.vars": "A=dev\n", "ci.env": "A=ci\nB=${A}-b\n" });
    const secrets = await loadDevSecrets(dir, { envFiles: [path.join(dir, "ci.env")] });
    assert.deepEqual(secrets.values, { A: "ci", B: "ci-b" });
    assert.deepEqual(secrets.files, [path.join(dir, "ci.env")]);
  });
});
