import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { failed, repoRoot, runOutpost, succeeded } from "../helpers/outpost-cli.js";

const COMMANDS = ["dev", "kv", "d1", "do", "triggers", "queues", "r2", "workflows", "sfn", "analytics-engine", "secrets-store"];

describe("outpost: the program and its commands", () => {
  it("--help lists every command, in order, with its description", async () => {
    const help = await succeeded(runOutpost(["--help"]));
    const listed = [...help.matchAll(/^ {2}(\w[\w-]*)/gm)].map((match) => match[1]);
    assert.deepEqual(listed, [...COMMANDS, "help"]);
    assert.match(help, /r2 +Manage the project's R2 buckets and objects/);
  });

  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    assert.equal((await succeeded(runOutpost(["--version"]))).trim(), version);
  });

  it("help <command> and <command> --help show that command's subcommands", async () => {
    assert.match(await succeeded(runOutpost(["help", "kv"])), /Usage: outpost kv .*\n[\s\S]*namespace[\s\S]*key[\s\S]*bulk/);
    assert.match(await succeeded(runOutpost(["d1", "--help"])), /Usage: outpost d1 [\s\S]*execute[\s\S]*migrations[\s\S]*export/);
  });

  it("an unknown command is refused with the nearest known one", async () => {
    const stderr = await failed(runOutpost(["kvv", "key", "list"]));
    assert.match(stderr, /unknown command 'kvv'/);
    assert.match(stderr, /Did you mean kv\?/);
  });

  it("a command's own errors still name the bad argument when only that command is loaded", async () => {
    const stderr = await failed(runOutpost(["d1", "execute"]));
    assert.match(stderr, /^error: missing required argument 'DB'/);
  });
});
