import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  type HistoryEvent,
} from "@aws-sdk/client-sfn";
import { sdkFailure } from "../helpers/sdk-failure.js";
import { eventually } from "../helpers/until.js";
import { ROLE_ARN, useSfnDev, type SfnDev } from "./sfn-dev.js";

const PASS = JSON.stringify({ StartAt: "Hello", States: { Hello: { Type: "Pass", Result: { greeting: "hello" }, ResultPath: "$.said", End: true } } });
const CHOICE = JSON.stringify({
  StartAt: "Route",
  States: {
    Route: { Type: "Choice", Choices: [{ Variable: "$.n", NumericGreaterThan: 10, Next: "Big" }], Default: "Small" },
    Big: { Type: "Pass", Result: "big", End: true },
    Small: { Type: "Pass", Result: "small", End: true },
  },
});
const WAIT = JSON.stringify({ StartAt: "Nap", States: { Nap: { Type: "Wait", Seconds: 86_400, End: true } } });
const MISSING_NEXT = JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } });

describe("Step Functions API", () => {
  let sfn: SfnDev;
  useSfnDev((started) => (sfn = started));
  const send: SfnDev["client"]["send"] = (command: never) => sfn.client.send(command);

  async function createMachine(name: string, definition: string, type: "STANDARD" | "EXPRESS" = "STANDARD"): Promise<string> {
    return (await send(new CreateStateMachineCommand({ name, definition, type, roleArn: ROLE_ARN }))).stateMachineArn!;
  }

  /** DescribeExecution's answer once the execution is no longer RUNNING. */
  function finished(executionArn: string | undefined) {
    return eventually(async () => {
      const described = await send(new DescribeExecutionCommand({ executionArn }));
      return described.status === "RUNNING" ? undefined : described;
    }, `${executionArn} to finish`);
  }

  it("State machines: create, describe, list, update and delete", async () => {
    const created = await send(new CreateStateMachineCommand({ name: "crud", definition: PASS, roleArn: ROLE_ARN }));
    assert.equal(created.stateMachineArn, "arn:aws:states:us-east-1:000000000000:stateMachine:crud");
    assert.ok(created.creationDate instanceof Date && Math.abs(created.creationDate.getTime() - Date.now()) < 60_000);
    const described = await send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    assert.deepEqual([described.name, described.type, described.status, described.definition, described.roleArn], ["crud", "STANDARD", "ACTIVE", PASS, ROLE_ARN]);
    const listed = await send(new ListStateMachinesCommand({}));
    assert.ok(listed.stateMachines!.some((machine) => machine.name === "crud" && machine.creationDate instanceof Date));
    const updated = await send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: CHOICE }));
    assert.ok(updated.updateDate instanceof Date);
    assert.equal((await send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }))).definition, CHOICE);
    await send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    const gone = await sdkFailure(send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn })));
    assert.deepEqual([gone.name, gone.status], ["StateMachineDoesNotExist", 400]);
    assert.equal(gone.message, `State Machine Does Not Exist: '${created.stateMachineArn}'`);
  });

  it("InvalidDefinition: a definition with problems is refused, naming each", async () => {
    const refused = await sdkFailure(send(new CreateStateMachineCommand({ name: "broken", definition: MISSING_NEXT, roleArn: ROLE_ARN })));
    assert.deepEqual([refused.name, refused.status], ["InvalidDefinition", 400]);
    assert.match(refused.message, /MISSING_TRANSITION_TARGET.*\/States\/A\/Next/);
  });

  it("ValidateStateMachineDefinition: OK for a good definition, FAIL with diagnostics for a bad one", async () => {
    assert.deepEqual(await send(new ValidateStateMachineDefinitionCommand({ definition: PASS })).then(({ result, diagnostics }) => ({ result, diagnostics })), {
      result: "OK",
      diagnostics: [],
    });
    const failed = await send(new ValidateStateMachineDefinitionCommand({ definition: MISSING_NEXT }));
    assert.equal(failed.result, "FAIL");
    assert.ok(failed.diagnostics!.some((d) => d.severity === "ERROR" && d.code === "MISSING_TRANSITION_TARGET" && d.location === "/States/A/Next"));
  });

  it("ValidationException: a missing required member is named as AWS names it", async () => {
    const refused = await sdkFailure(send(new StartExecutionCommand({} as never)));
    assert.deepEqual([refused.name, refused.status], ["ValidationException", 400]);
    assert.equal(refused.message, "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null");
  });

  it("ValidationException: an input or task output over 256 KiB of UTF-8 is refused, counted in bytes as AWS counts it", async () => {
    const pass = await createMachine("big-input", PASS);
    // 131,082 characters, but 262,154 bytes of UTF-8.
    const big = JSON.stringify({ pad: "é".repeat(131_072) });
    const refusal = (member: string) => `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to 262144`;
    const start = await sdkFailure(send(new StartExecutionCommand({ stateMachineArn: pass, input: big })));
    assert.deepEqual([start.name, start.status, start.message], ["ValidationException", 400, refusal("input")]);
    const output = await sdkFailure(send(new SendTaskSuccessCommand({ taskToken: "any-token", output: big })));
    assert.deepEqual([output.name, output.message], ["ValidationException", refusal("output")]);
    const fits = await send(new StartExecutionCommand({ stateMachineArn: pass, input: JSON.stringify({ pad: "é".repeat(131_000) }) }));
    assert.ok(fits.executionArn);
  });

  it("Executions: start, describe, list, ExecutionAlreadyExists, stop", async () => {
    const pass = await createMachine("runs", PASS);
    const started = await send(new StartExecutionCommand({ stateMachineArn: pass, name: "first", input: JSON.stringify({ n: 1 }) }));
    assert.equal(started.executionArn, "arn:aws:states:us-east-1:000000000000:execution:runs:first");
    assert.ok(started.startDate instanceof Date);
    const done = await finished(started.executionArn);
    assert.deepEqual([done.status, JSON.parse(done.output!), done.name, done.stateMachineArn], ["SUCCEEDED", { n: 1, said: { greeting: "hello" } }, "first", pass]);
    assert.ok(done.stopDate instanceof Date);
    const again = await sdkFailure(send(new StartExecutionCommand({ stateMachineArn: pass, name: "first", input: JSON.stringify({ n: 2 }) })));
    assert.deepEqual([again.name, again.status], ["ExecutionAlreadyExists", 400]);
    const missing = await sdkFailure(send(new StartExecutionCommand({ stateMachineArn: pass.replace("runs", "nope") })));
    assert.equal(missing.name, "StateMachineDoesNotExist");

    const wait = await createMachine("sleeper", WAIT);
    const sleeping = await send(new StartExecutionCommand({ stateMachineArn: wait, name: "nap" }));
    const running = await send(new ListExecutionsCommand({ stateMachineArn: wait, statusFilter: "RUNNING" }));
    assert.deepEqual(running.executions!.map((execution) => execution.name), ["nap"]);
    const stopped = await send(new StopExecutionCommand({ executionArn: sleeping.executionArn, error: "Manual", cause: "a test stopped it" }));
    assert.ok(stopped.stopDate instanceof Date);
    const aborted = await send(new DescribeExecutionCommand({ executionArn: sleeping.executionArn }));
    assert.deepEqual([aborted.status, aborted.error, aborted.cause], ["ABORTED", "Manual", "a test stopped it"]);
    assert.deepEqual((await send(new ListExecutionsCommand({ stateMachineArn: wait, statusFilter: "RUNNING" }))).executions, []);
  });

  it("StartSyncExecution: an EXPRESS Choice machine answers with its output", async () => {
    const express = await createMachine("router", CHOICE, "EXPRESS");
    const big = await send(new StartSyncExecutionCommand({ stateMachineArn: express, input: JSON.stringify({ n: 11 }) }));
    assert.deepEqual([big.status, big.output], ["SUCCEEDED", '"big"']);
    assert.ok(big.startDate instanceof Date && big.stopDate instanceof Date);
    const small = await send(new StartSyncExecutionCommand({ stateMachineArn: express, input: JSON.stringify({ n: 1 }) }));
    assert.equal(small.output, '"small"');
  });

  it("GetExecutionHistory: pages with nextToken, and reverseOrder turns the order round", async () => {
    const machine = await createMachine("history", CHOICE);
    const { executionArn } = await send(new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify({ n: 20 }) }));
    assert.equal((await finished(executionArn)).status, "SUCCEEDED");
    const all = (await send(new GetExecutionHistoryCommand({ executionArn }))).events!;
    assert.deepEqual(all.map((event) => event.type), [
      "ExecutionStarted",
      "ChoiceStateEntered",
      "ChoiceStateExited",
      "PassStateEntered",
      "PassStateExited",
      "ExecutionSucceeded",
    ]);
    assert.ok(all.every((event, index) => event.id === index + 1 && event.timestamp instanceof Date));
    const paged: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await send(new GetExecutionHistoryCommand({ executionArn, maxResults: 4, nextToken }));
      assert.ok(page.events!.length <= 4);
      paged.push(...page.events!);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    assert.deepEqual(paged.map((event) => event.id), [1, 2, 3, 4, 5, 6]);
    const reversed = await send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }));
    assert.deepEqual(reversed.events!.map((event) => event.type), ["ExecutionSucceeded", "PassStateExited"]);
  });

  it("Task tokens: .waitForTaskToken waits for SendTaskHeartbeat and SendTaskSuccess or SendTaskFailure", async () => {
    const child = await createMachine("approval-request", PASS);
    const waiting = await createMachine(
      "approval",
      JSON.stringify({
        StartAt: "Ask",
        States: {
          Ask: {
            Type: "Task",
            Resource: "arn:aws:states:::states:startExecution.waitForTaskToken",
            Parameters: { StateMachineArn: child, Input: { "token.$": "$$.Task.Token" } },
            HeartbeatSeconds: 3600,
            End: true,
          },
        },
      }),
    );
    /** The token the execution waits on, read from its TaskScheduled event's parameters. */
    const tokenOf = (executionArn: string) =>
      eventually(async () => {
        const { events } = await send(new GetExecutionHistoryCommand({ executionArn }));
        const scheduled = events!.find((event) => event.type === "TaskScheduled");
        return scheduled && (JSON.parse(scheduled.taskScheduledEventDetails!.parameters!) as { Input: { token: string } }).Input.token;
      }, `${executionArn}'s TaskScheduled event`);
    const approved = await send(new StartExecutionCommand({ stateMachineArn: waiting, name: "approved" }));
    const token = await tokenOf(approved.executionArn!);
    await send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    const succeeded = await finished(approved.executionArn);
    assert.deepEqual([succeeded.status, JSON.parse(succeeded.output!)], ["SUCCEEDED", { approved: true }]);
    const spent = await sdkFailure(send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })));
    assert.equal(spent.name, "TaskDoesNotExist");

    const rejected = await send(new StartExecutionCommand({ stateMachineArn: waiting, name: "rejected" }));
    await send(new SendTaskFailureCommand({ taskToken: await tokenOf(rejected.executionArn!), error: "Rejected", cause: "not today" }));
    const failed = await finished(rejected.executionArn);
    assert.deepEqual([failed.status, failed.error, failed.cause], ["FAILED", "Rejected", "not today"]);
  });

  it("Authentication: a wrong secret is InvalidSignatureException, an unknown key UnrecognizedClientException", async () => {
    const wrongSecret = sfn.clientWith({ ...sfn.credentials, secretAccessKey: "not-the-secret" });
    const badSignature = await sdkFailure(wrongSecret.send(new ListStateMachinesCommand({})));
    assert.deepEqual([badSignature.name, badSignature.status], ["InvalidSignatureException", 400]);
    wrongSecret.destroy();
    const unknownKey = sfn.clientWith({ accessKeyId: "0123456789abcdef0123456789abcdef", secretAccessKey: "x" });
    const unrecognized = await sdkFailure(unknownKey.send(new ListStateMachinesCommand({})));
    assert.deepEqual([unrecognized.name, unrecognized.status], ["UnrecognizedClientException", 400]);
    unknownKey.destroy();
  });

  it("Routing: the REST API's Cloudflare-shaped routes still answer beside the Step Functions API", async () => {
    const response = await fetch(`${sfn.dev.apiUrl}/accounts/local/queues/none/messages/pull`, { method: "POST", body: "{}" });
    assert.equal(response.status, 403);
    assert.deepEqual(((await response.json()) as { errors: unknown[] }).errors, [{ code: 10000, message: "Authentication error" }]);
  });
});
