import assert from "node:assert/strict";
import path from "node:path";
import { rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { copyFixture } from "../helpers/fixture-copy.js";
import { OutpostDev } from "../helpers/outpost-cli.js";
import { create, runs, status, TEST_CLOCK_SCALE, waitForStatus } from "./workflows-client.js";

const RUNNING = [1, 2, 3, 4].map((n) => ({ do: `s${n}`, workMs: 150 }));
const SLEEPING = [{ do: "a" }, { sleep: "nap", duration: "10 days" }, { do: "b" }];

/** The steps each instance had completed, as the store holds them. */
function completedSteps(project: string): Map<string, string[]> {
  const db = new Database(path.join(project, ".outpost", "workflows", "engine.sqlite"), { readonly: true });
  try {
    const rows = db.prepare("SELECT instance, name FROM steps WHERE state = 'done'").all() as { instance: string; name: string }[];
    const done = new Map<string, string[]>();
    for (const row of rows) done.set(row.instance, [...(done.get(row.instance) ?? []), row.name]);
    return done;
  } finally {
    db.close();
  }
}

describe("Workflows crash recovery: kill -9 of the whole tree, then a restart", () => {
  let project: string;
  let dev: OutpostDev | undefined;
  const start = () => OutpostDev.start([project], { env: { OUTPOST_TEST_CLOCK_SCALE: TEST_CLOCK_SCALE } });
  before(async () => (project = await copyFixture("workflows")));
  after(async () => {
    await dev?.kill();
    await rm(project, { recursive: true, force: true });
  });

  it("SIGKILL mid-run and mid-sleep: every instance completes, and no completed step runs again", async () => {
    dev = await start();
    const sleeping = await Promise.all([1, 2, 3, 4, 5].map((n) => create(dev!, "scripted", { id: `sleeping-${n}`, params: { ops: SLEEPING } })));
    for (const id of sleeping) await waitForStatus(dev, "scripted", id, "waiting");
    const running = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => create(dev!, "scripted", { id: `running-${n}`, params: { ops: RUNNING } })));
    await dev.waitForOutput(/(attempt 1 succeeded[^]*){12}/);
    await dev.kill();

    const doneBeforeKill = completedSteps(project);
    const midRun = running.filter((id) => (doneBeforeKill.get(id)?.length ?? 0) < RUNNING.length);
    assert.ok(midRun.length > 0, "the kill came after every running instance had finished");
    for (const id of sleeping) assert.deepEqual(doneBeforeKill.get(id), ["a"]);

    dev = await start();
    for (const id of [...sleeping, ...running]) {
      await waitForStatus(dev, "scripted", id, "complete");
      const counts = await runs(dev, id);
      for (const step of doneBeforeKill.get(id) ?? []) assert.equal(counts[step], 1, `${id}: step "${step}" completed before the kill but ran again`);
      const steps = id.startsWith("sleeping") ? ["a", "b"] : RUNNING.map((op) => op.do);
      for (const step of steps) assert.ok((counts[step] ?? 0) >= 1 && counts[step]! <= 2, `${id}: step "${step}" ran ${counts[step]} times`);
    }
    assert.equal((await status(dev, "scripted", "sleeping-1")).status, "complete");
  });
});
