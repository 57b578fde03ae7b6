import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { failed, runOutpost, succeeded, type OutpostDev } from "../helpers/outpost-cli.js";
import { create, describeInstance, runs, status, useWorkflowsDev, waitForStatus } from "./workflows-client.js";

describe("outpost workflows: the CLI beside a running outpost dev", () => {
  let dev: OutpostDev;
  let project: string;
  useWorkflowsDev((started, copy) => ((dev = started), (project = copy)));
  const cli = (...args: string[]) => runOutpost(["workflows", ...args], { cwd: project });

  it("instances describe and the lifecycle commands: latest with no instance says there is none, and how to make one", async () => {
    const none = 'There are no instances in workflow "onboarding", so none is the latest. Create one with: outpost workflows trigger onboarding';
    assert.equal(await failed(cli("instances", "describe", "onboarding")), `✘ ${none}\n`);
    assert.equal(await failed(cli("instances", "pause", "onboarding", "latest")), `✘ ${none}\n`);
  });

  it("trigger: creates an instance the running engine starts", async () => {
    const out = await succeeded(cli("trigger", "onboarding", "--params", '{"email":"cli@example.com"}', "--id", "from-cli"));
    assert.equal(out, 'Created instance from-cli of Workflow "onboarding".\n');
    const done = await waitForStatus(dev, "onboarding", "from-cli", "complete");
    assert.match((done.output as { welcome: string }).welcome, /cli@example\.com/);
    assert.deepEqual(await runs(dev, "from-cli"), { "fetch user": 1, "send welcome email": 1, "send follow-up email": 1 });
  });

  it("trigger: a duplicate id, a bad id and bad params are refused with what to do", async () => {
    assert.match(await failed(cli("trigger", "onboarding", "--id", "from-cli")), /An instance "from-cli" exists already/);
    assert.match(await failed(cli("trigger", "onboarding", "--id", "no spaces")), /--id "no spaces" is not a valid instance id/);
    assert.match(await failed(cli("trigger", "onboarding", "--params", "{oops")), /--params must be JSON/);
    assert.match(await failed(cli("trigger", "nope")), /No Workflow "nope" in .*Known Workflows: scripted, onboarding, instrumented\./);
  });

  it("list and instances list: Workflows with their instances, filtered by status", async () => {
    const listed = JSON.parse(await succeeded(cli("list", "--json"))) as { name: string; binding: string; instances: Record<string, number> }[];
    assert.deepEqual(listed.map((row) => [row.name, row.binding]), [["scripted", "SCRIPTED"], ["onboarding", "ONBOARDING"], ["instrumented", "INSTRUMENTED"]]);
    assert.equal(listed[1]!.instances.complete, 1);
    assert.match(await succeeded(cli("list")), /onboarding\s+ONBOARDING\s+OnboardingWorkflow\s+1 complete/);
    const complete = JSON.parse(await succeeded(cli("instances", "list", "onboarding", "--status", "complete", "--json"))) as { id: string }[];
    assert.deepEqual(complete.map((row) => row.id), ["from-cli"]);
    assert.equal(await succeeded(cli("instances", "list", "onboarding", "--status", "errored", "--json")), "[]\n");
    assert.match(await failed(cli("instances", "list", "onboarding", "--status", "done")), /--status must be one of queued, running/);
  });

  it("wrangler's --local and --port: taken and changing nothing, as the store is the one outpost dev serves", async () => {
    const listed = JSON.parse(await succeeded(cli("instances", "list", "onboarding", "--local", "--port", "8787", "--json"))) as { id: string }[];
    assert.deepEqual(listed.map((row) => row.id), ["from-cli"]);
    assert.match(await failed(cli("list", "--port", "eighty")), /--port must be an integer from 0 to 65535 \(got "eighty"\)/);
    assert.match(await failed(cli("list", "--remote")), /^✘ --remote works on the data in your Cloudflare account; Outpost has no remote: outpost workflows list already works/);
  });

  it("trigger <name> [params]: the params as wrangler takes them, second; with --params too, refused", async () => {
    const out = await succeeded(cli("trigger", "onboarding", '{"email":"second@example.com"}', "--id", "positional"));
    assert.equal(out, 'Created instance positional of Workflow "onboarding".\n');
    const done = await waitForStatus(dev, "onboarding", "positional", "complete");
    assert.match((done.output as { welcome: string }).welcome, /second@example\.com/);
    assert.equal(
      await failed(cli("trigger", "onboarding", "{}", "--params", "{}")),
      "✘ Give the params once: as the argument after the Workflow's name, or with --params, not both.\n",
    );
    assert.match(await failed(cli("trigger", "onboarding", "{oops")), /^✘ The params argument must be JSON: /);
  });

  it("instances describe: each step with its attempts, durations, errors and outputs", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ do: "flaky", failTimes: 1, config: { retries: { limit: 2, delay: 5, backoff: "constant" } } }, { sleep: "nap", duration: "1 hour" }] } });
    await waitForStatus(dev, "scripted", id, "complete");
    const text = await succeeded(cli("instances", "describe", "scripted", id));
    assert.match(text, /Status {4}complete/);
    assert.match(text, /1\. do "flaky" {2}done\n {7}attempt 1 .* \d+ ms {2}failed: Error: flaky failed attempt 1; retrying in 5 ms\n {7}attempt 2 .* succeeded\n {7}output: \{ step: 'flaky', attempt: 2,/);
    assert.match(text, /2\. sleep "nap" {2}until \d{4}-/);
    assert.equal(await succeeded(cli("instances", "describe", "scripted")), text, "without an id, the newest instance");
    assert.equal(await succeeded(cli("instances", "describe", "scripted", "latest")), text);
    const described = await describeInstance(project, "scripted", id);
    assert.deepEqual(described.steps.map((step) => [step.type, step.name, step.attempts.length]), [["do", "flaky", 2], ["sleep", "nap", 0]]);
    assert.match(await failed(cli("instances", "describe", "scripted", "ghost")), /No instance "ghost"/);
  });

  it("instances send-event, pause, resume, terminate and restart act on the running engine", async () => {
    const wait = { waitForEvent: "go", type: "go", timeout: "365 days" };
    const id = await create(dev, "scripted", { params: { ops: [wait, { do: "after" }] } });
    await waitForStatus(dev, "scripted", id, "waiting");
    assert.equal(await succeeded(cli("instances", "pause", "scripted", "latest")), `Instance ${id} of Workflow "scripted" is now paused.\n`);
    assert.equal(await succeeded(cli("instances", "terminate", "scripted", id, "--json")), `{"ok":true,"id":"${id}","status":"terminated"}\n`);
    assert.match(await failed(cli("instances", "terminate", "scripted", id)), /Cannot terminate instance since its on a finite state/);
    await succeeded(cli("instances", "restart", "scripted", id));
    await waitForStatus(dev, "scripted", id, "waiting");
    const sent = await succeeded(cli("instances", "send-event", "scripted", "latest", "--type", "go", "--payload", '{"from":"cli"}'));
    assert.equal(sent, `Sent a "go" event to instance ${id} of Workflow "scripted".\n`);
    const done = await waitForStatus(dev, "scripted", id, "complete");
    assert.deepEqual((done.output as { results: [{ payload: unknown }] }).results[0].payload, { from: "cli" });
    const waited = (await describeInstance(project, "scripted", id)).steps[0]!;
    assert.deepEqual({ ...(waited.output as object), timestamp: 0 }, { type: "go", payload: { from: "cli" }, timestamp: 0 });
    assert.match((waited.output as { timestamp: string }).timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(await succeeded(cli("instances", "describe", "scripted", id)), /1\. waitForEvent "go" {2}done\n {7}output: \{ type: 'go', payload: \{ from: 'cli' \}, timestamp: '\d{4}-[^']+' \}\n/);
    assert.deepEqual(await runs(dev, id), { after: 1 });
    assert.equal((await status(dev, "scripted", id)).status, "complete");
  });
});
