import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { EngineStore, StepWrite } from "./engine-store.js";

const KEY = { namespace: "flow", id: "one" };

function doneStep(key: string, value: string): StepWrite["step"] {
  return { key, name: key, type: "do", count: 1, state: "done", value, error: null, attempts: 1, deadline: null, startedAt: 1 };
}

/**
 * The contract every {@link EngineStore} backend meets. `open` gives a fresh, empty store;
 * `reopen` the same data through a new connection, as after a restart.
 */
export function engineStoreConformance(backend: string, stores: { open: () => Promise<EngineStore>; reopen: () => EngineStore; cleanUp: () => Promise<void> }): void {
  describe(`EngineStore conformance: ${backend}`, () => {
    let store: EngineStore;
    before(async () => (store = await stores.open()));
    after(async () => {
      store.close();
      await stores.cleanUp();
    });

    it("create: an instance is created once; its id then exists", async () => {
      assert.deepEqual(await store.create("flow", [{ id: "one", params: "{}" }, { id: "two", params: "[]" }], 10), [true, true]);
      assert.deepEqual(await store.create("flow", [{ id: "one", params: "{}" }], 11), [false]);
      assert.equal(store.instance(KEY)?.status, "queued");
      assert.equal(store.instance({ namespace: "other", id: "one" }), undefined);
      assert.deepEqual(store.runnable(0).map((key) => key.id).sort(), ["one", "two"]);
    });

    it("writeStep: a write of the current generation while running is kept; others are refused", async () => {
      await store.update(KEY, () => ({ status: "running" }), 12);
      assert.equal((await store.writeStep(KEY, { generation: 1, step: doneStep("do:1:a", '"A"') }))?.status, "running");
      assert.equal(await store.writeStep(KEY, { generation: 2, step: doneStep("do:1:b", '"B"') }), undefined);
      assert.deepEqual(store.journal(KEY).map((step) => [step.key, step.value]), [["do:1:a", '"A"']]);
    });

    it("waitForEvent: records a deadline, takes an event once, or times out", async () => {
      const step = { key: "waitForEvent:1:go", name: "go", count: 1, type: "go", timeoutMs: 100 };
      assert.deepEqual(await store.waitForEvent(KEY, 1, step, 20), { kind: "wait", deadline: 120 });
      await store.sendEvent(KEY, { type: "go", payload: '"x"', timestamp: 30 });
      assert.ok(store.hasEvent(KEY, ["go"]));
      assert.deepEqual(await store.waitForEvent(KEY, 1, step, 40), { kind: "event", event: { type: "go", payload: '"x"', timestamp: 30 } });
      assert.equal(store.hasEvent(KEY, ["go"]), false);
      const late = { ...step, key: "waitForEvent:2:go", count: 2 };
      await store.waitForEvent(KEY, 1, late, 50);
      assert.deepEqual(await store.waitForEvent(KEY, 1, late, 200), { kind: "timeout", error: { name: "WorkflowTimeoutError", message: "Execution timed out after 100ms" } });
    });

    it("update: waits are found by their time, and a resume moves pending deadlines", async () => {
      await store.writeStep(KEY, { generation: 1, step: { ...doneStep("sleep:1:nap", ""), type: "sleep", state: "pending", value: null, deadline: 300 } });
      await store.update(KEY, () => ({ status: "waiting", wakeAt: 500, wakesOn: ["go"] }), 60);
      assert.equal(store.nextWake(), 500);
      assert.deepEqual(store.runnable(400).map((key) => key.id), ["two"]);
      assert.deepEqual(store.runnable(500).map((key) => key.id).sort(), ["one", "two"]);
      assert.equal(await store.writeStep(KEY, { generation: 1, step: doneStep("do:1:c", "1") }), undefined, "a waiting instance takes no writes");
      await store.update(KEY, () => ({ status: "queued", shiftDeadlines: { after: 0, by: 1000 } }), 70);
      assert.equal(store.journal(KEY).find((step) => step.key === "sleep:1:nap")?.deadline, 1300);
    });

    it("restart: clears the journal and inbox under the next generation", async () => {
      await store.sendEvent(KEY, { type: "later", payload: "1", timestamp: 80 });
      const restarted = await store.restart(KEY, 90);
      assert.equal(restarted.generation, 2);
      assert.equal(restarted.status, "queued");
      assert.deepEqual(store.journal(KEY), []);
      assert.equal(store.hasEvent(KEY, ["later"]), false);
    });

    it("notices: changes another connection records are seen in order; data survives a reopen", async () => {
      const seq = store.notices(0).seq;
      const other = stores.reopen();
      try {
        other.notify({ namespace: "flow", id: "two" });
        assert.deepEqual(store.notices(seq).keys, [{ namespace: "flow", id: "two" }]);
        assert.equal(other.instance(KEY)?.generation, 2);
        assert.deepEqual(other.namespaces(), [{ namespace: "flow", counts: { queued: 2 } }]);
      } finally {
        other.close();
      }
    });
  });
}
