import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Json } from "../asl/definition-types.js";
import { unhandledRejectionsDuring } from "../../../../test/helpers/unhandled-rejections.js";
import { runResource, type TaskTargets } from "./task-resources.js";

const NO_TARGETS: TaskTargets = {
  invokeWorker: () => Promise.reject(new Error("no workers")),
  sendToQueue: () => Promise.reject(new Error("no queues")),
};

describe("runResource: .waitForTaskToken", () => {
  it("a SendTaskFailure that comes while the resource still runs fails the Task once it has run, and is never an unhandled rejection", async () => {
    const unhandled = await unhandledRejectionsDuring(async () => {
      let failToken: (failure: { error: string; cause: string }) => void = () => {};
      let finishStart: (value: Json) => void = () => {};
      const outcome = runResource(
        NO_TARGETS,
        () => new Promise<Json>((resolve) => (finishStart = resolve)),
        () => new Promise<Json>((_, reject) => (failToken = reject)),
        "arn:aws:states:::states:startExecution.waitForTaskToken",
        {},
        { taskToken: "token", context: {}, signal: new AbortController().signal, heartbeat: () => {} },
      );
      failToken({ error: "Rejected", cause: "not today" });
      await new Promise((resolve) => setImmediate(resolve));
      finishStart({ ExecutionArn: "arn" });
      await assert.rejects(outcome, (failure) => (failure as { error: string }).error === "Rejected");
    });
    assert.deepEqual(unhandled, []);
  });
});
