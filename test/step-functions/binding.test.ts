import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import type { OutpostDev } from "../helpers/outpost-cli.js";
import { until } from "../helpers/until.js";
import { call, executionArnOf, finished, kv, storedToken } from "./sfn-client.js";

describe("Step Functions binding", () => {
  let dev: OutpostDev;
  useRunningCopy("step-functions", (running) => (dev = running));

  it("start: a worker starts a STANDARD execution whose Tasks invoke a worker", async () => {
    const { result } = await call(dev, "ORDERS", "start", { id: "o-1" }, { name: "order-1" });
    assert.equal(result.executionArn, executionArnOf("orders", "order-1"));
    assert.match(result.startDate, /^\d{4}-\d\d-\d\dT/);
    const done = await finished(dev, result.executionArn);
    assert.equal(done.status, "SUCCEEDED");
    assert.deepEqual(JSON.parse(done.output), { id: "o-1", charge: { charged: true }, ship: { shipped: "o-1" } });
    assert.equal(await kv(dev, "count:charge"), "1");
  });

  it("start: a name used with other input fails with AWS's ExecutionAlreadyExists", async () => {
    const { error } = await call(dev, "ORDERS", "start", { id: "other" }, { name: "order-1" });
    assert.deepEqual(error, { name: "ExecutionAlreadyExists", message: `Execution Already Exists: '${executionArnOf("orders", "order-1")}'` });
  });

  it("describe: an unknown execution fails with ExecutionDoesNotExist", async () => {
    const { error } = await call(dev, "ORDERS", "describe", executionArnOf("orders", "missing"));
    assert.equal(error?.name, "ExecutionDoesNotExist");
  });

  it("start, sendTaskSuccess: a payload over 256 KiB of UTF-8 is refused with AWS's ValidationException", async () => {
    // 131,082 characters, but 262,154 bytes of UTF-8: AWS counts bytes.
    const big = { pad: "é".repeat(131_072) };
    const refusal = (member: string) => ({
      name: "ValidationException",
      message: `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to 262144`,
    });
    assert.deepEqual((await call(dev, "ORDERS", "start", big)).error, refusal("input"));
    assert.deepEqual((await call(dev, "QUICK", "startSync", big)).error, refusal("input"));
    assert.deepEqual((await call(dev, "APPROVAL", "sendTaskSuccess", "any-token", big)).error, refusal("output"));
  });

  it("startSync: an EXPRESS machine answers its result; a STANDARD one is refused", async () => {
    const { result } = await call(dev, "QUICK", "startSync", { name: "Ada" });
    assert.equal(result.status, "SUCCEEDED");
    assert.deepEqual(JSON.parse(result.output), { step: "echo", greeting: "Hello, Ada!" });
    const refused = await call(dev, "ORDERS", "startSync", {});
    assert.equal(refused.error?.name, "StateMachineTypeNotSupported");
  });

  it("a Durable Object's env has the state machine bindings, as the default export's has", async () => {
    const result = (await (await fetch(`${dev.url}/do-greet?name=Ada`)).json()) as { status: string; output: string };
    assert.equal(result.status, "SUCCEEDED");
    assert.deepEqual(JSON.parse(result.output), { step: "echo", greeting: "Hello, Ada!" });
  });

  it("a Task calls a worker's named entrypoint: arn:outpost:worker:<service>:<entrypoint>", async () => {
    const { result } = await call(dev, "GREETER", "startSync", { greeting: "hi" });
    assert.equal(result.status, "SUCCEEDED", result.cause);
    assert.deepEqual(JSON.parse(result.output), { from: "Greeter", greeting: "hi" });
  });

  it("waitForTaskToken: the execution waits until a worker completes the token through the binding", async () => {
    const { result } = await call(dev, "APPROVAL", "start", { request: 7 }, { name: "approve-1" });
    const token = await storedToken(dev);
    assert.equal((await call(dev, "APPROVAL", "describe", result.executionArn)).result.status, "RUNNING");
    await call(dev, "APPROVAL", "sendTaskHeartbeat", token);
    assert.deepEqual(await call(dev, "APPROVAL", "sendTaskSuccess", token, { approved: true }), { result: {} });
    const done = await finished(dev, result.executionArn);
    assert.deepEqual(JSON.parse(done.output), { request: 7, approval: { approved: true } });
    const again = await call(dev, "APPROVAL", "sendTaskSuccess", token, {});
    assert.equal(again.error?.name, "TaskDoesNotExist");
  });

  describe("HTTP task", () => {
    let server: ReturnType<typeof createServer>;
    let seen: { method?: string; url?: string; header?: string; body?: string } = {};
    before(async () => {
      server = createServer(async (request: IncomingMessage, response) => {
        let body = "";
        for await (const chunk of request) body += chunk;
        seen = { method: request.method, url: request.url, header: request.headers["x-test"] as string, body };
        response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ received: JSON.parse(body) }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("http:invoke: sends ApiEndpoint, Method, Headers, QueryParameters and RequestBody and returns the response", async () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const { result } = await call(dev, "FETCHER", "start", { url, body: { n: 1 } });
      const done = await finished(dev, result.executionArn);
      assert.equal(done.status, "SUCCEEDED", done.cause);
      assert.deepEqual(JSON.parse(done.output), { status: 201, body: { received: { n: 1 } } });
      assert.deepEqual(seen, { method: "POST", url: "/hook?q=1", header: "sfn", body: '{"n":1}' });
    });
  });

  it("queue task: the message reaches the queue's consumer", async () => {
    const { result } = await call(dev, "ENQUEUE", "start", { job: "j-1" });
    assert.equal((await finished(dev, result.executionArn)).status, "SUCCEEDED");
    await until(async () => (await kv(dev, "job:j-1")) === "done", "the consumer to mark job j-1 done", { intervalMs: 100 });
  });

  it("startExecution.sync:2: a nested execution runs and its output becomes the task's", async () => {
    const { result } = await call(dev, "PARENT", "start", { id: "nested" });
    const done = await finished(dev, result.executionArn);
    assert.equal(done.status, "SUCCEEDED", done.cause);
    assert.deepEqual(JSON.parse(done.output), { id: "nested", charge: { charged: true }, ship: { shipped: "nested" } });
  });

  it("stop: a running execution ends ABORTED with the error and cause given", async () => {
    const { result } = await call(dev, "WAITER", "start", {});
    const stopped = await call(dev, "WAITER", "stop", result.executionArn, { error: "Halt", cause: "test" });
    assert.match(stopped.result.stopDate, /^\d{4}-/);
    const done = await finished(dev, result.executionArn);
    assert.deepEqual([done.status, done.error, done.cause], ["ABORTED", "Halt", "test"]);
  });
});
