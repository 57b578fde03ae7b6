import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { copyFixture } from "../helpers/fixture-copy.js";
import { failed, freePorts, OutpostDev, runOutpost, succeeded } from "../helpers/outpost-cli.js";
import { eventually } from "../helpers/until.js";
import { call, kv, storedToken } from "./sfn-client.js";

const BROKEN = JSON.stringify({
  StartAt: "Charge",
  States: {
    Charge: { Type: "Task", Resource: "arn:nowhere:thing", Next: "Missing" },
    Lost: { Type: "Pass", End: true },
  },
});

describe("Step Functions config and outpost sfn", () => {
  let project: string;
  const sfn = (...args: string[]) => runOutpost(["sfn", ...args, "-c", project]);
  /** `outpost sfn describe --json` once the execution is no longer RUNNING. */
  const finishedPerCli = (arn: string) =>
    eventually(
      async () => {
        const described = JSON.parse(await succeeded(sfn("describe", arn, "--json"))) as { status: string; output?: string };
        return described.status === "RUNNING" ? undefined : described;
      },
      `${arn} to finish`,
      { intervalMs: 100 },
    );
  before(async () => {
    project = await copyFixture("step-functions");
  });
  after(() => rm(project, { recursive: true, force: true }));

  it("outpost sfn validate: prints every problem with its state and field and exits 1", async () => {
    const file = path.join(project, "broken.json");
    await writeFile(file, BROKEN);
    const stderr = await failed(runOutpost(["sfn", "validate", file]));
    assert.match(stderr, /state "Charge", field Resource: Outpost does not run the resource 'arn:nowhere:thing'/);
    assert.match(stderr, /state "Charge", field Next: .*Missing/);
    assert.match(stderr, /state "Lost": .*not reachable/);
    assert.match(await succeeded(runOutpost(["sfn", "validate", path.join(project, "machines/approval.yaml")])), /is a valid STANDARD state machine/);
    const express = await failed(runOutpost(["sfn", "validate", "--type", "EXPRESS", path.join(project, "machines/approval.yaml")]));
    assert.match(express, /state "AwaitApproval", field Resource/);
  });

  it("outpost sfn start|describe|history|stop|list: beside a running outpost dev", async () => {
    const dev = await OutpostDev.start([project]);
    try {
      const started = await succeeded(sfn("start", "orders", "--input", '{"id":"cli-1"}', "--name", "cli-1"));
      const arn = "arn:aws:states:us-east-1:000000000000:execution:orders:cli-1";
      assert.equal(started.trim(), `Started ${arn}`);
      const described = await finishedPerCli(arn);
      assert.equal(described.status, "SUCCEEDED");
      assert.deepEqual(JSON.parse(described.output!), { id: "cli-1", charge: { charged: true }, ship: { shipped: "cli-1" } });
      const history = await succeeded(sfn("history", arn));
      assert.match(history, /TaskStateEntered\s+Charge\s+input \{"id":"cli-1"\}/);
      assert.match(history, /TaskStateExited\s+Ship\s+output \{"id":"cli-1","charge":\{"charged":true\},"ship":\{"shipped":"cli-1"\}\}/);
      assert.match(history, /ExecutionSucceeded/);

      await succeeded(sfn("start", "waiter", "--name", "w-1"));
      await succeeded(sfn("stop", "arn:aws:states:us-east-1:000000000000:execution:waiter:w-1", "--error", "Halt"));
      assert.equal((await finishedPerCli("arn:aws:states:us-east-1:000000000000:execution:waiter:w-1")).status, "ABORTED");

      const list = JSON.parse(await succeeded(sfn("list", "--json"))) as { name: string; type: string }[];
      assert.deepEqual(list.map((m) => `${m.name}:${m.type}`).sort(), [
        "approval:STANDARD", "enqueue:STANDARD", "fetcher:STANDARD", "greeter:EXPRESS", "orders:STANDARD", "parent:STANDARD", "quick:EXPRESS", "slow:STANDARD", "waiter:STANDARD",
      ]);
      assert.match(await failed(sfn("describe", "arn:aws:states:us-east-1:000000000000:execution:orders:nope")), /Execution Does Not Exist/);
    } finally {
      await dev.kill();
    }
  });

  it("outpost sfn stop: the outpost dev running an execution that waits on a task token stops it at once, and it does not go on", async () => {
    const arn = "arn:aws:states:us-east-1:000000000000:execution:approval:stop-1";
    const dev = await OutpostDev.start([project]);
    try {
      await succeeded(sfn("start", "approval", "--name", "stop-1", "--input", '{"request":1}'));
      const token = await storedToken(dev);
      assert.equal((await succeeded(sfn("stop", arn, "--error", "Halt", "--cause", "from the CLI"))).trim(), `Stopped ${arn}`);
      const described = JSON.parse(await succeeded(sfn("describe", arn, "--json")));
      assert.deepEqual([described.status, described.error, described.cause], ["ABORTED", "Halt", "from the CLI"]);
      assert.deepEqual(await call(dev, "APPROVAL", "sendTaskSuccess", token, { approved: true }), { error: { name: "TaskDoesNotExist", message: "Task Does Not Exist" } });
      const types = (JSON.parse(await succeeded(sfn("history", arn, "--json"))) as { type: string }[]).map((event) => event.type);
      assert.deepEqual(types, ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "ExecutionAborted"]);
      assert.equal(await kv(dev, "count:await-approval"), "1");
    } finally {
      await dev.kill();
    }
  });

  it("outpost sfn stop: with no outpost dev running, the CLI ends the execution, and the next dev does not run it", async () => {
    const arn = "arn:aws:states:us-east-1:000000000000:execution:waiter:cold-1";
    await succeeded(sfn("start", "waiter", "--name", "cold-1"));
    await succeeded(sfn("stop", arn));
    const history = async () => (JSON.parse(await succeeded(sfn("history", arn, "--json"))) as { type: string }[]).map((event) => event.type);
    assert.equal(JSON.parse(await succeeded(sfn("describe", arn, "--json"))).status, "ABORTED");
    assert.deepEqual(await history(), ["ExecutionStarted", "ExecutionAborted"]);
    const dev = await OutpostDev.start([project]);
    try {
      assert.equal(JSON.parse(await succeeded(sfn("describe", arn, "--json"))).status, "ABORTED");
      assert.deepEqual(await history(), ["ExecutionStarted", "ExecutionAborted"]);
    } finally {
      await dev.kill();
    }
  });

  it("outpost dev: a broken definition stops startup with the file, state and field", async () => {
    await writeFile(path.join(project, "machines/orders.json"), BROKEN);
    const stderr = (await failed(runOutpost(["dev", ...freePorts, project]))).toString();
    assert.match(stderr, /machines\/orders\.json: state "Charge", field Resource: Outpost does not run the resource/);
    assert.match(stderr, /machines\/orders\.json: state "Lost": .*not reachable/);
  });
});
