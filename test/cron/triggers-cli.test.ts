import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { TempProjects } from "../../src/config/temp-projects.js";
import { failed, runOutpost, succeeded } from "../helpers/outpost-cli.js";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/;
const MINUTE_MS = 60_000;

/** A project whose config has `crons` as its triggers, and `env.<name>` sections with their own. */
function projectFiles(crons: string[], envCrons: Record<string, string[]> = {}): Record<string, string> {
  const env = Object.fromEntries(Object.entries(envCrons).map(([name, list]) => [name, { triggers: { crons: list } }]));
  const config = { name: "cron-cli", main: "src/index.ts", compatibility_date: "2025-06-01", triggers: { crons }, env };
  return {
    "wrangler.jsonc": JSON.stringify(config, null, 2),
    "src/index.ts": "export default { async scheduled() {} };\n",
  };
}

describe("outpost triggers list: each cron trigger and when it fires next", () => {
  const projects = new TempProjects();
  let project: string;
  before(() => {
    project = projects.create(projectFiles(["*/15 * * * *", "0 0 1 JAN *"], { broken: ["0 0 * * *", "61 * * * *"], quiet: [] }));
  });
  after(() => projects.removeAll());

  it("prints each expression, then its next fire times in UTC, soonest first", async () => {
    const started = Date.now();
    const lines = (await succeeded(runOutpost(["triggers", "list", "--count", "2"], { cwd: project }))).trimEnd().split("\n");
    assert.equal(lines.length, 6, lines.join("\n"));
    assert.equal(lines[0], "*/15 * * * *");
    assert.equal(lines[3], "0 0 1 JAN *");
    const quarters = [lines[1]!, lines[2]!].map((line) => Date.parse(line.trim()));
    const newYears = [lines[4]!, lines[5]!].map((line) => new Date(line.trim()));
    for (const line of [lines[1], lines[2], lines[4], lines[5]]) assert.match(line!.trim(), ISO);
    assert.ok(quarters[0]! > started && quarters[0]! <= Date.now() + 15 * MINUTE_MS, lines[1]);
    assert.equal(new Date(quarters[0]!).getUTCMinutes() % 15, 0);
    assert.equal(quarters[1]! - quarters[0]!, 15 * MINUTE_MS);
    for (const newYear of newYears) assert.equal(newYear.toISOString().slice(4), "-01-01T00:00:00.000Z");
    assert.equal(newYears[1]!.getUTCFullYear() - newYears[0]!.getUTCFullYear(), 1);
  });

  it("--json: [{cron, next}], three fire times each by default", async () => {
    const listed = JSON.parse(await succeeded(runOutpost(["triggers", "list", "-c", project, "--json"]))) as { cron: string; next: string[] }[];
    assert.deepEqual(listed.map(({ cron }) => cron), ["*/15 * * * *", "0 0 1 JAN *"]);
    for (const { next } of listed) {
      assert.equal(next.length, 3);
      for (const fire of next) assert.match(fire, ISO);
      assert.deepEqual([...next].sort(), next);
    }
  });

  it("a bad expression: its message, exit 1, and nothing listed", async () => {
    const result = runOutpost(["triggers", "list", "-e", "broken"], { cwd: project });
    assert.equal(await failed(result), '✘ cron trigger "61 * * * *": minute field has 61 outside 0-59\n');
    assert.equal((await result).stdout, "");
  });

  it("no crons: says so, naming the config file", async () => {
    const stdout = await succeeded(runOutpost(["triggers", "list", "-e", "quiet"], { cwd: project }));
    assert.equal(stdout, `No cron triggers in wrangler.jsonc (env "quiet").\n`);
    const bare = projects.create(projectFiles([]));
    assert.equal(await succeeded(runOutpost(["triggers", "list", "-c", bare])), `No cron triggers in ${path.join(bare, "wrangler.jsonc")}.\n`);
    assert.equal(await succeeded(runOutpost(["triggers", "list", "-c", bare, "--json"])), "[]\n");
  });

  it("--count must be a whole number of at least 1", async () => {
    assert.match(await failed(runOutpost(["triggers", "list", "--count", "0"], { cwd: project })), /--count must be a whole number of at least 1 \(got "0"\)/);
  });
});
