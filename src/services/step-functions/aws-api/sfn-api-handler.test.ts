import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import { DescribeExecutionCommand, ListStateMachinesCommand, SFNClient, StartExecutionCommand, StateMachineDoesNotExist } from "@aws-sdk/client-sfn";
import { Logger } from "../../../logging/logger.js";
import { SfnError } from "../service/sfn-error.js";
import type { SfnOperations } from "./operations.js";
import { sfnApiHandler } from "./sfn-api-handler.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const KEY = { accessKeyId: "0123456789abcdef0123456789abcdef", secretAccessKey: "a-secret" };
const MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:hello";

type FakeOperations = Record<keyof SfnOperations, (input: Record<string, unknown>) => Promise<unknown>>;

/** Operations that record their input and answer, or fail as the service would; the rest are never called. */
function fakeOperations(seen: Record<string, unknown>[]): SfnOperations {
  const answer = (output: unknown) => async (input: Record<string, unknown>) => (seen.push(input), output);
  const unexpected = async () => {
    throw new Error("not called in these tests");
  };
  const operations: FakeOperations = {
    createStateMachine: unexpected,
    updateStateMachine: unexpected,
    describeStateMachine: unexpected,
    listStateMachines: answer({ stateMachines: [{ stateMachineArn: MACHINE, name: "hello", type: "STANDARD", creationDate: new Date(1_700_000_000_250) }] }),
    deleteStateMachine: unexpected,
    startExecution: async (input) => {
      seen.push(input);
      throw new SfnError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${String(input.stateMachineArn)}'`);
    },
    startSyncExecution: unexpected,
    describeExecution: async () => {
      throw new TypeError("a bug, with a stack the client must not see");
    },
    stopExecution: unexpected,
    listExecutions: unexpected,
    getExecutionHistory: unexpected,
    sendTaskSuccess: unexpected,
    sendTaskFailure: unexpected,
    sendTaskHeartbeat: unexpected,
    validateStateMachineDefinition: unexpected,
  };
  // The fakes answer only what these tests read of each output.
  return operations as unknown as SfnOperations;
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number; instance: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, instance: error };
  }
  throw new Error("expected the call to fail");
}

describe("sfnApiHandler", () => {
  let server: Server;
  let endpoint: string;
  const seen: Record<string, unknown>[] = [];
  const logged = new PassThrough();
  const client = (credentials = KEY) => new SFNClient({ endpoint, region: "eu-west-3", credentials, maxAttempts: 1 });

  before(async () => {
    const handler = sfnApiHandler({
      operations: fakeOperations(seen),
      secrets: { secretOf: (id) => (id === KEY.accessKeyId ? KEY.secretAccessKey : undefined) },
      logger: new Logger({ err: logged, out: logged }),
    });
    server = createServer((request, response) => void handler(request, response));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sfnApiHandler: passes the input through and sends dates as epoch seconds the SDK reads back", async () => {
    const result = await client().send(new ListStateMachinesCommand({ maxResults: 5 }));
    assert.deepEqual(seen.at(-1), { maxResults: 5 });
    assert.equal(result.stateMachines?.[0]?.creationDate?.getTime(), 1_700_000_000_250);
  });

  it("sfnApiHandler: an SfnError is a 400 the SDK names and types after its code", async () => {
    const failed = await failure(client().send(new StartExecutionCommand({ stateMachineArn: MACHINE })));
    assert.deepEqual([failed.name, failed.status, failed.message], ["StateMachineDoesNotExist", 400, `State Machine Does Not Exist: '${MACHINE}'`]);
    assert.ok(failed.instance instanceof StateMachineDoesNotExist);
  });

  it("sfnApiHandler: broken constraints are one ValidationException worded as AWS words it", async () => {
    const failed = await failure(client().send(new StartExecutionCommand({ stateMachineArn: undefined as never, name: "x".repeat(81) })));
    assert.equal(failed.name, "ValidationException");
    assert.equal(
      failed.message,
      "2 validation errors detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null; " +
        `Value '${"x".repeat(81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    );
  });

  it("sfnApiHandler: a member of the wrong JSON type is a SerializationException naming it", async () => {
    const failed = await failure(client().send(new ListStateMachinesCommand({ maxResults: "ten" as never })));
    assert.deepEqual([failed.name, failed.status, failed.message], ["SerializationException", 400, "'maxResults' must be a JSON integer, not string."]);
  });

  it("sfnApiHandler: an unexpected error is a 500 InternalFailure, logged, without its stack", async () => {
    const failed = await failure(client().send(new DescribeExecutionCommand({ executionArn: `${MACHINE}:x` })));
    assert.deepEqual([failed.name, failed.status], ["InternalFailure", 500]);
    assert.doesNotMatch(failed.message, /a bug|at /);
    assert.match(String(logged.read()), /DescribeExecution failed: TypeError: a bug/);
  });

  it("sfnApiHandler: an unknown key, a wrong secret and an unsigned request are refused", async () => {
    const unknown = await failure(client({ ...KEY, accessKeyId: "nobody" }).send(new ListStateMachinesCommand({})));
    assert.deepEqual([unknown.name, unknown.status], ["UnrecognizedClientException", 400]);
    assert.match(unknown.message, /^The security token included in the request is invalid\./);
    const wrong = await failure(client({ ...KEY, secretAccessKey: "wrong" }).send(new ListStateMachinesCommand({})));
    assert.deepEqual([wrong.name, wrong.status], ["InvalidSignatureException", 400]);
    const unsigned = await fetch(endpoint, { method: "POST", headers: { "X-Amz-Target": "AWSStepFunctions.ListStateMachines" }, body: "{}" });
    assert.equal(unsigned.status, 400);
    assert.equal(unsigned.headers.get("x-amzn-errortype"), "MissingAuthenticationTokenException");
    assert.equal(((await unsigned.json()) as { __type: string }).__type, "MissingAuthenticationTokenException");
  });

  it("sfnApiHandler: an action Outpost does not serve is UnknownOperationException", async () => {
    const sdk = client();
    sdk.middlewareStack.add(
      ((next: (args: { request: { headers: Record<string, string> } }) => Promise<unknown>) => (args: { request: { headers: Record<string, string> } }) => {
        args.request.headers["x-amz-target"] = "AWSStepFunctions.CreateActivity";
        return next(args);
      }) as never,
      { step: "build" },
    );
    const failed = await failure(sdk.send(new ListStateMachinesCommand({})));
    assert.equal(failed.name, "UnknownOperationException");
    assert.match(failed.message, /no operation "AWSStepFunctions.CreateActivity"/);
  });
});
