import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { DurableEngine, type EngineClock } from "./durable-engine.js";
import type { RunOutcome, RunTicket } from "./run-outcome.js";
import { SqliteEngineStore } from "./sqlite-engine-store.js";

/** A clock that moves only when told, firing the timers that come due. */
class ManualClock implements EngineClock {
  time = 1_000;
  #timers: { at: number; callback: () => void }[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): NodeJS.Timeout {
    this.#timers.push({ at: this.time + ms, callback });
    return undefined as unknown as NodeJS.Timeout;
  }

  advance(ms: number): void {
    this.time += ms;
    const due = this.#timers.filter((timer) => timer.at <= this.time);
    this.#timers = this.#timers.filter((timer) => timer.at > this.time);
    for (const timer of due) timer.callback();
  }
}

/** A dispatch the test settles by hand, run by run. */
class ManualDispatch {
  runs: { ticket: RunTicket; settle: (outcome: RunOutcome) => void; fail: (error: Error) => void }[] = [];
  #waiters: (() => void)[] = [];

  dispatch = (ticket: RunTicket): Promise<RunOutcome> =>
    new Promise((resolve, reject) => {
      this.runs.push({ ticket, settle: resolve, fail: reject });
      for (const wake of this.#waiters.splice(0)) wake();
    });

  /** Resolves once `count` runs have been dispatched in all. */
  async dispatched(count: number): Promise<void> {
    while (this.runs.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("DurableEngine", () => {
  let dir: string;
  let clock: ManualClock;
  let runner: ManualDispatch;
  let engine: DurableEngine;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "outpost-engine-"));
    clock = new ManualClock();
    runner = new ManualDispatch();
    engine = new DurableEngine({ store: new SqliteEngineStore(dir, "engine"), clock, dispatch: runner.dispatch, concurrency: 2 });
    engine.start();
  });
  afterEach(async () => {
    engine.close();
    await settled();
    engine.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("DurableEngine: runs at most `concurrency` instances at once, and completes them", async () => {
    await engine.create("flow", ["a", "b", "c"].map((id) => ({ id, params: "{}" })));
    await runner.dispatched(2);
    await settled();
    assert.equal(runner.runs.length, 2);
    runner.runs[0]!.settle({ outcome: "complete", output: '"done"' });
    await runner.dispatched(3);
    const first = runner.runs[0]!.ticket;
    assert.equal(engine.instance(first).status, "complete");
    assert.equal(engine.instance(first).output, '"done"');
  });

  it("DurableEngine: a suspended run waits for its time, then is replayed with its journal", async () => {
    await engine.create("flow", [{ id: "sleeper", params: "{}" }]);
    await runner.dispatched(1);
    const { ticket } = runner.runs[0]!;
    const step = { key: "do:1:a", name: "a", type: "do", count: 1, state: "done" as const, value: "1", error: null, attempts: 1, deadline: null, startedAt: 1 };
    assert.ok(await engine.writeStep(ticket, ticket.runId, { step }));
    runner.runs[0]!.settle({ outcome: "suspended", wakeAt: clock.time + 60_000, wakesOn: [] });
    await settled();
    assert.equal(engine.instance(ticket).status, "waiting");
    clock.advance(60_000);
    await runner.dispatched(2);
    assert.deepEqual(runner.runs[1]!.ticket.journal.map((entry) => entry.key), ["do:1:a"]);
    assert.equal(await engine.writeStep(ticket, ticket.runId, { step }), undefined, "the old run no longer holds the instance");
  });

  it("DurableEngine: a run that could not finish is tried again after a delay", async () => {
    await engine.create("flow", [{ id: "crashy", params: "{}" }]);
    await runner.dispatched(1);
    runner.runs[0]!.fail(new Error("workerd went away"));
    await settled();
    assert.equal(runner.runs.length, 1);
    clock.advance(500);
    await runner.dispatched(2);
    assert.equal(engine.instance(runner.runs[1]!.ticket).status, "running");
  });

  it("DurableEngine: a terminated instance refuses its run's writes and keeps its status", async () => {
    await engine.create("flow", [{ id: "stopped", params: "{}" }]);
    await runner.dispatched(1);
    const { ticket } = runner.runs[0]!;
    await engine.terminate(ticket);
    const step = { key: "do:1:a", name: "a", type: "do", count: 1, state: "done" as const, value: "1", error: null, attempts: 1, deadline: null, startedAt: 1 };
    assert.equal(await engine.writeStep(ticket, ticket.runId, { step }), undefined);
    runner.runs[0]!.settle({ outcome: "aborted" });
    await settled();
    assert.equal(engine.instance(ticket).status, "terminated");
  });
});
