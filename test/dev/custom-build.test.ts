import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import type { OutpostDev } from "../helpers/outpost-cli.js";
import { until } from "../helpers/until.js";
import { withRetryBeforeResponse } from "../helpers/retry-before-response.js";

interface Served {
  message: string;
  command: string;
  cwd: string;
}

describe("outpost dev: custom builds (build.command)", () => {
  let dev: OutpostDev;
  let project: string;
  useRunningCopy(
    "custom-build",
    (started, copy) => {
      dev = started;
      project = copy;
    },
    { args: ["--log-level", "debug"] },
  );

  /** Each build reloads workerd; a request it closed before answering is sent again (see README, "Reloading"). */
  const served = async () => (await (await withRetryBeforeResponse(() => dev.fetch("/", { headers: { connection: "close" } }))).json()) as Served;
  const count = (pattern: RegExp) => dev.output.match(new RegExp(pattern, "g"))?.length ?? 0;
  const builds = () => count(/\[custom build\] built dist\/index\.js/);
  const setMessage = (message: string) => writeFile(path.join(project, "src/message.txt"), `${message}\n`);

  it("runs before bundling, in the project directory with WRANGLER_COMMAND=dev, its output shown line by line", async () => {
    assert.deepEqual(await served(), { message: "first", command: "dev", cwd: project });
    assert.match(dev.output, /\[custom build\] Running: node build\.mjs/);
    assert.match(dev.output, /\[custom build\] a note on stderr/);
    assert.equal(builds(), 1);
  });

  it("a change outside build.watch_dir neither builds nor, as the bundle is the same, redeploys; a change under it builds again", async () => {
    await writeFile(path.join(project, "notes.md"), "not a source file\n");
    await until(() => count(/Nothing a Worker runs changed/) >= 1, "the rebundle after notes.md changed");
    assert.equal(builds(), 1);
    assert.equal(count(/Reloaded\./), 0);

    await setMessage("second");
    await until(async () => (await served()).message === "second", "the rebuilt worker");
    assert.equal(builds(), 2);
  });

  it("a build that fails on reload is reported, and the last version that built keeps serving", async () => {
    await setMessage("fail");
    await until(() => dev.output.includes("Still serving the last version that built"), "the failed build's report");
    assert.match(dev.output, /\[custom build\] cannot build a failing message/);
    assert.match(dev.output, /Running custom build `node build\.mjs` \(`build\.command` in wrangler\.jsonc\) failed: exit code 2\./);
    assert.equal((await served()).message, "second");
  });
});
