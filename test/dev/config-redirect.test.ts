import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { useFixtureCopy } from "../helpers/fixture-copy.js";
import { failed, freePorts, runOutpost, succeeded, withDev } from "../helpers/outpost-cli.js";


/** wrangler's note, line by line; Outpost's log indents the lines after the first. */
const NOTICE = [
  "Using redirected Wrangler configuration.",
  ' - Configuration being used: "dist/app/wrangler.json"',
  " - Original user's configuration: \"wrangler.jsonc\"",
  ' - Deploy configuration file: ".wrangler/deploy/config.json"',
];

describe("outpost dev: a build tool's redirect (.wrangler/deploy/config.json)", () => {
  let project = "";
  useFixtureCopy("vite-redirect", (copy) => (project = copy));

  /** Writes the redirect as `vite build` writes it, or with `content` in its place. */
  async function writeRedirect(content = JSON.stringify({ configPath: "../../dist/app/wrangler.json", auxiliaryWorkers: [] })): Promise<void> {
    await mkdir(path.join(project, ".wrangler/deploy"), { recursive: true });
    await writeFile(path.join(project, ".wrangler/deploy/config.json"), content);
  }

  it("redirect: outpost dev in the project serves the build output it names, saying so in wrangler's words; outpost kv reads wrangler.jsonc, as wrangler kv does, and shares the data", async () => {
    await writeRedirect();
    const put = await runOutpost(["kv", "key", "put", "greeting", "from outpost kv", "--binding", "KV"], { cwd: project });
    assert.equal(put.code, 0, put.stderr);
    assert.doesNotMatch(put.stdout + put.stderr, /redirected/, "wrangler's data commands do not follow the redirect");

    await withDev([], async (dev) => {
      assert.deepEqual(await (await dev.fetch("/api/state")).json(), {
        source: "dist/app/wrangler.json",
        secret: "beside wrangler.jsonc",
        greeting: "from outpost kv",
      });
      assert.equal(await (await dev.fetch("/hello.txt")).text(), "a prebuilt asset\n", "assets.directory is read against the generated config");
      for (const line of NOTICE) assert.ok(dev.output.includes(line), `${line} in:\n${dev.output}`);
      assert.equal(dev.output.match(/▲ .*/g), null, "the empty lists the Vite plugin writes, connect and k2 among them, and the previews Astro's adapter adds ask for nothing");
    }, { cwd: project });
    assert.ok(existsSync(path.join(project, ".outpost")), "the data is beside wrangler.jsonc, where outpost kv keeps it");
    assert.ok(!existsSync(path.join(project, "dist/app/.outpost")));
  });

  it("redirect: -c naming the user's config reads it as it is, as wrangler dev --config does, and its main is what the build left to Vite", async () => {
    await writeRedirect();
    const { code, stdout, stderr } = await runOutpost(["dev", ...freePorts, "-c", "wrangler.jsonc"], { cwd: project });
    assert.notEqual(code, 0);
    assert.match(stdout + stderr, /Could not resolve "virtual:react-router\/server-build"/);
    assert.doesNotMatch(stdout + stderr, /redirected/);
  });

  it("redirect: one pointing at a missing file, or that is no JSON, stops outpost dev in wrangler's words, naming it", async () => {
    await writeRedirect('{"configPath":"../../build/server/wrangler.json"}');
    assert.equal(
      await failed(runOutpost(["dev", ...freePorts], { cwd: project })),
      '✘ There is a deploy configuration at ".wrangler/deploy/config.json".\n' +
        'But the redirected configuration path it points to, "build/server/wrangler.json", does not exist.\n',
    );
    await writeRedirect('{"configPath": "../../dist/app/wrangler.json"');
    assert.match(
      await failed(runOutpost(["dev", ...freePorts], { cwd: project })),
      /^✘ Failed to parse the deploy configuration file at \.wrangler\/deploy\/config\.json\n\.wrangler\/deploy\/config\.json:1:\d+: /,
    );
    assert.deepEqual(JSON.parse(await succeeded(runOutpost(["kv", "key", "list", "--binding", "KV"], { cwd: project }))), [{ name: "greeting" }], "outpost kv never reads the redirect");
  });
});
