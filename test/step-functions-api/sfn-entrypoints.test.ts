import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateStateMachineCommand, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import { ROLE_ARN, useSfnDev, type SfnDev } from "./sfn-dev.js";

/** An EXPRESS machine of one Task calling `resource`, catching every error into `{Error, Cause}` when `catchAll`. */
function taskMachine(resource: string, catchAll = false): string {
  const task = { Type: "Task", Resource: resource, End: true, ...(catchAll && { Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }] }) };
  return JSON.stringify({ StartAt: "Call", States: { Call: task, ...(catchAll && { Caught: { Type: "Pass", End: true } }) } });
}

describe("Step Functions API: worker Tasks of machines created through the API", () => {
  let sfn: SfnDev;
  useSfnDev((started) => (sfn = started), "step-functions");

  async function run(name: string, definition: string, input: unknown) {
    const { stateMachineArn } = await sfn.client.send(new CreateStateMachineCommand({ name, definition, type: "EXPRESS", roleArn: ROLE_ARN }));
    return sfn.client.send(new StartSyncExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  }

  it("a Task reaches a named entrypoint no declared machine calls: arn:outpost:worker:<worker>:<entrypoint>", async () => {
    const done = await run("shout", taskMachine("arn:outpost:worker:sfn-app:Shouter"), { words: "hello" });
    assert.equal(done.status, "SUCCEEDED", done.cause);
    assert.deepEqual(JSON.parse(done.output!), { from: "Shouter", shouted: "HELLO", path: "/" });
  });

  it("a Task naming an entrypoint the worker does not export fails, saying so", async () => {
    const done = await run("nobody", taskMachine("arn:outpost:worker:sfn-app:Nobody"), {});
    assert.deepEqual([done.status, done.error], ["FAILED", "Outpost.WorkerFailed"]);
    assert.match(done.cause!, /answered 404: The worker sfn-app exports nothing named "Nobody"/);
  });

  it("a worker's result over 256 KiB fails the Task with States.DataLimitExceeded, which States.ALL catches", async () => {
    const done = await run("too-loud", taskMachine("arn:outpost:worker:sfn-app:Shouter", true), { words: "ab", times: 140_000 });
    assert.equal(done.status, "SUCCEEDED", done.cause);
    assert.deepEqual(JSON.parse(done.output!), {
      Error: "States.DataLimitExceeded",
      Cause: "The state/task 'arn:outpost:worker:sfn-app:Shouter' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });
});
