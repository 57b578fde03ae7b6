import assert from "node:assert/strict";
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse as parseJsonc } from "jsonc-parser";
import { describe, it } from "node:test";
import { failed, fixturesDir, freePorts, runOutpost, withDev } from "../helpers/outpost-cli.js";

/** A Worker whose answer shows a `define`, a Node.js built-in (nodejs_compat only), two vars and a secret. */
const REPORTING_WORKER = `import { Buffer } from "node:buffer";
declare const BUILD: string;
declare const CHANNEL: string;
export default {
  fetch: (_request: Request, env: Record<string, string>) =>
    Response.json({ build: BUILD, channel: CHANNEL, encoded: Buffer.from("hi").toString("base64"), mode: env.MODE ?? null, token: env.TOKEN ?? null }),
};
`;

async function withTempDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("outpost dev: wrangler dev's config flags", () => {
  it("a script and flags, with no config file: the Worker runs as the flags describe it, beside its assets", async () => {
    await withTempDir("outpost-configless-", async (project) => {
      await mkdir(path.join(project, "src"));
      await mkdir(path.join(project, "public"));
      await writeFile(path.join(project, "src/index.ts"), REPORTING_WORKER);
      await writeFile(path.join(project, "public/hello.txt"), "an asset");
      await writeFile(path.join(project, "ci.env"), "TOKEN=from-env-file\nMODE=from-env-file\n");
      const flags = [
        "src/index.ts",
        "--name", "solo",
        "--compatibility-date", "2025-06-01",
        "--compatibility-flag", "nodejs_compat",
        "--define", 'BUILD:"b-42"',
        "--define", 'CHANNEL:"beta"',
        "--env-file", "ci.env",
        "--var", "MODE:from-var",
        "--assets", "public",
      ];
      await withDev(
        flags,
        async (dev) => {
          assert.deepEqual(await (await dev.fetch("/")).json(), { build: "b-42", channel: "beta", encoded: "aGk=", mode: "from-var", token: "from-env-file" });
          assert.equal(await (await dev.fetch("/hello.txt")).text(), "an asset");
          await dev.waitForOutput(/\[solo\] GET \/ 200/);
          assert.doesNotMatch(dev.output, /No compatibility_date is set/);
          assert.doesNotMatch(dev.output, /from-env-file/, "secrets are not printed");
        },
        { cwd: project },
      );
    });
  });

  it("--assets with no config file and no script: a site of static files", async () => {
    await withTempDir("outpost-assets-only-", async (project) => {
      await mkdir(path.join(project, "dist"));
      await writeFile(path.join(project, "dist/index.html"), "<h1>static</h1>");
      await withDev(["--assets", "dist"], async (dev) => assert.equal(await (await dev.fetch("/")).text(), "<h1>static</h1>"), { cwd: project });
    });
  });

  it("flags over a config: they replace its fields or merge into its maps, and --env-file takes the place of .dev.vars, its references expanded", async () => {
    await withTempDir("outpost-config-flags-", async (project) => {
      await cp(path.join(fixturesDir, "vars"), project, { recursive: true, filter: (source) => !source.includes(".outpost") });
      await writeFile(path.join(project, "src/report.ts"), REPORTING_WORKER);
      const config = path.join(project, "wrangler.jsonc");
      const fields = parseJsonc(await readFile(config, "utf8")) as Record<string, unknown>;
      await writeFile(config, JSON.stringify({ ...fields, define: { BUILD: '"from-config"', CHANNEL: '"stable"' } }));
      await writeFile(path.join(project, ".dev.vars"), "TOKEN=from-dev-vars\n");
      await writeFile(path.join(project, "ci.env"), "STAGE=env-file\nTOKEN=from-${STAGE}\n");
      const flags = ["src/report.ts", "--name", "renamed", "--define", 'BUILD:"from-flag"', "--compatibility-flags", "nodejs_compat", "--env-file", "ci.env"];
      await withDev(
        flags,
        async (dev) => {
          assert.deepEqual(await (await dev.fetch("/")).json(), { build: "from-flag", channel: "stable", encoded: "aGk=", mode: null, token: "from-env-file" });
          await dev.waitForOutput(/\[renamed\] GET \/ 200/);
        },
        { cwd: project },
      );
    });
  });

  it("--site, --site-include and --site-exclude: a Workers Sites bucket from the command line, its globs read as .gitignore lines", async () => {
    await withTempDir("outpost-site-flags-", async (project) => {
      await mkdir(path.join(project, "src"));
      await mkdir(path.join(project, "public/static"), { recursive: true });
      await writeFile(path.join(project, "public/index.html"), "<h1>home</h1>\n");
      await writeFile(path.join(project, "public/static/app.js"), "app\n");
      await writeFile(path.join(project, "public/static/keys.env"), "SECRET=1\n");
      await writeFile(path.join(project, "src/index.ts"), "export default { fetch: (_r: Request, env: { __STATIC_CONTENT_MANIFEST: Record<string, string> }) => Response.json(Object.keys(env.__STATIC_CONTENT_MANIFEST).sort()) };\n");
      await writeFile(path.join(project, "wrangler.jsonc"), JSON.stringify({ name: "site-flags", main: "src/index.ts", compatibility_date: "2025-06-01" }));
      await withDev(["--site", "public", "--site-exclude", "*.env"], async (dev) => assert.deepEqual(await (await dev.fetch("/")).json(), ["index.html", "static/app.js"]), { cwd: project });
      await withDev(["--site", "public", "--site-include", "static/*"], async (dev) => assert.deepEqual(await (await dev.fetch("/")).json(), ["static/app.js", "static/keys.env"]), { cwd: project });
      await withDev(["--site", "public", "--site-exclude", "static"], async (dev) => assert.deepEqual(await (await dev.fetch("/")).json(), ["index.html"], "as in .gitignore, a directory's name leaves out what is in it"), { cwd: project });
    });
  });

  it("bad flags: each error names the flag or the file, and nothing starts", async () => {
    const vars = path.join(fixturesDir, "vars");
    assert.match(await failed(runOutpost(["dev", vars, "--compatibility-date", "2025-02-30"])), /--compatibility-date must be a date written YYYY-MM-DD \(got "2025-02-30"\)/);
    assert.match(await failed(runOutpost(["dev", vars, "--assets", "no-such-dir"])), /--assets: .*no-such-dir does not exist\./);
    assert.match(await failed(runOutpost(["dev", vars, "--tsconfig", vars])), /--tsconfig: .*vars is not a file\./);
    assert.match(await failed(runOutpost(["dev", vars, "--site", "no-such-bucket"])), /--site: .*no-such-bucket does not exist\./);
    assert.match(await failed(runOutpost(["dev", vars, "--site-exclude", "*.env"])), /--site-include and --site-exclude need a Workers Sites bucket: pass --site <dir>, or set site\.bucket in the config\./);
    assert.match(await failed(runOutpost(["dev", vars, "--define", "NOCOLON"])), /--define must look like KEY:VALUE \(got "NOCOLON"\)/);
    await withTempDir("outpost-no-config-", async (empty) => {
      assert.match(await failed(runOutpost(["dev", "src/missing.ts"], { cwd: empty })), /The script .*src[/\\]missing\.ts given to outpost dev is not a file\./);
      assert.match(await failed(runOutpost(["dev", ...freePorts], { cwd: empty })), /No wrangler config file in .*: looked for wrangler\.json, wrangler\.jsonc, wrangler\.toml\./);
    });
  });
});
