import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { copyFixture } from "../helpers/fixture-copy.js";
import { OutpostDev, runOutpost } from "../helpers/outpost-cli.js";

describe("outpost do: stored Durable Objects, for operators", () => {
  let project: string;
  let id: string;
  before(async () => {
    project = await copyFixture("durable-objects");
    const dev = await OutpostDev.start([project]);
    try {
      await (await dev.fetch("/counter/for-cli?by=41")).text();
    } finally {
      await dev.stop();
    }
  });
  after(() => rm(project, { recursive: true, force: true }));

  it("do list: prints the ids of a class's stored objects", async () => {
    const listed = await runOutpost(["do", "list", "Counter", "-c", project, "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    const ids = JSON.parse(listed.stdout) as string[];
    assert.equal(ids.length, 1);
    id = ids[0]!;
    assert.match(id, /^[0-9a-f]{64}$/);
  });

  it("do sql: runs SQL against one object's storage", async () => {
    const read = await runOutpost(["do", "sql", "Counter", id, "--command", "SELECT value FROM counter", "-c", project, "--json"]);
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(JSON.parse(read.stdout), [[{ value: 41 }]]);
    const byName = await runOutpost(["do", "sql", "Counter", "--name", "for-cli", "--command", "SELECT value FROM counter", "-c", project, "--json"]);
    assert.equal(byName.code, 0, byName.stderr);
    assert.deepEqual(JSON.parse(byName.stdout), [[{ value: 41 }]]);
    const table = await runOutpost(["do", "sql", "Counter", id, "--command", "SELECT value FROM counter", "-c", project]);
    assert.match(table.stdout, /value\s*\n41/);
  });

  it("errors: an unknown class lists the classes; an unknown id says how to find ids; bad SQL is SQLite's message", async () => {
    const unknownClass = await runOutpost(["do", "list", "Nope", "-c", project]);
    assert.equal(unknownClass.code, 1);
    assert.match(unknownClass.stderr, /Nope is not a Durable Object class of .*\(its classes: Notes, Counter, ChatRoom\)/);
    const unknownId = await runOutpost(["do", "sql", "Counter", "f".repeat(64), "--command", "SELECT 1", "-c", project]);
    assert.equal(unknownId.code, 1);
    assert.match(unknownId.stderr, /No stored object of Counter has the id f+\. Run `outpost do list Counter`/);
    const badSql = await runOutpost(["do", "sql", "Counter", id, "--command", "SELECT * FROM missing", "-c", project]);
    assert.equal(badSql.code, 1);
    assert.match(badSql.stderr, /no such table: missing/);
  });
});
