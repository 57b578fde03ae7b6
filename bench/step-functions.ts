/**
 * Step Functions state transitions/s: a 1,000-state Pass chain and a Map over 10,000 items,
 * STANDARD (durable, every transition journalled) and EXPRESS (in memory) through Outpost's
 * StepFunctionsService in process, beside the same definitions run in memory by the npm package
 * `aws-local-stepfunctions`, the library a user would pick instead. Then one STANDARD chain started
 * end to end through a worker's binding in `outpost dev`.
 */
import { spawn } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { StateMachine } from "aws-local-stepfunctions";
import { StepFunctionsService, type Json } from "../src/services/step-functions/index.js";
import { waitForResponse } from "./load.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CHAIN_STATES = 1000;
const MAP_ITEMS = 10_000;
/** Executions of each definition per measurement, run at once. */
const CHAIN_RUNS = Number(process.env.BENCH_SFN_RUNS ?? 20);
const MAP_RUNS = 2;
const DEV_PORT = 18851;

function chain(): string {
  const states: Record<string, Json> = {};
  for (let i = 0; i < CHAIN_STATES; i++) states[`S${i}`] = i === CHAIN_STATES - 1 ? { Type: "Pass", End: true } : { Type: "Pass", Next: `S${i + 1}` };
  return JSON.stringify({ StartAt: "S0", States: states });
}

const MAP = JSON.stringify({
  StartAt: "Fan",
  States: {
    Fan: {
      Type: "Map",
      ItemsPath: "$.items",
      ItemProcessor: { StartAt: "Item", States: { Item: { Type: "Pass", Parameters: { "v.$": "$.n" }, End: true } } },
      ResultPath: null,
      End: true,
    },
  },
});

const mapInput = JSON.stringify({ items: Array.from({ length: MAP_ITEMS }, (_, i) => ({ n: i + 1 })) });

/** Transitions per run: each Pass state, plus the Map state itself. */
const workloads = [
  { label: `Pass chain (${CHAIN_STATES} states)`, definition: chain(), input: '{"n":1}', runs: CHAIN_RUNS, transitions: CHAIN_STATES },
  { label: `Map over ${MAP_ITEMS} items`, definition: MAP, input: mapInput, runs: MAP_RUNS, transitions: MAP_ITEMS + 1 },
];

async function timed(runs: number, run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: runs }, run));
  return (performance.now() - started) / 1000;
}

async function standard(service: StepFunctionsService, stateMachineArn: string, input: string): Promise<void> {
  const { executionArn } = await service.startExecution({ stateMachineArn, input });
  for (;;) {
    const { status, cause } = await service.describeExecution({ executionArn });
    if (status === "SUCCEEDED") return;
    if (status !== "RUNNING") throw new Error(`${executionArn} ended ${status}: ${cause}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function inProcess(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-sfn-"));
  const service = new StepFunctionsService({ persistTo: dir });
  await service.start();
  try {
    for (const [index, w] of workloads.entries()) {
      const std = (await service.createStateMachine({ name: `std-${index}`, definition: w.definition })).stateMachineArn;
      const exp = (await service.createStateMachine({ name: `exp-${index}`, definition: w.definition, type: "EXPRESS" })).stateMachineArn;
      const library = new StateMachine(JSON.parse(w.definition));
      const baseline = () => library.run(JSON.parse(w.input)).result;
      // Warm up each path once.
      await standard(service, std, w.input);
      await service.startSyncExecution({ stateMachineArn: exp, input: w.input });
      await baseline();
      const total = w.runs * w.transitions;
      const rates = {
        standard: total / (await timed(w.runs, () => standard(service, std, w.input))),
        express: total / (await timed(w.runs, () => service.startSyncExecution({ stateMachineArn: exp, input: w.input }))),
        baseline: total / (await timed(w.runs, baseline)),
      };
      console.log(`Step Functions, ${w.label}, ${w.runs} executions at once (state transitions/s):`);
      console.log(`  Outpost STANDARD (durable)     ${fmt(rates.standard)}   target 20,000: ${rates.standard >= 20_000 ? "met" : "NOT met"}`);
      console.log(`  Outpost EXPRESS                ${fmt(rates.express)}`);
      console.log(`  aws-local-stepfunctions        ${fmt(rates.baseline)}`);
      const expressRatio = rates.express / rates.baseline;
      console.log(`  EXPRESS / aws-local-stepfunctions ${expressRatio.toFixed(2)}x (target 2x: ${expressRatio >= 2 ? "met" : "NOT met"}), STANDARD / aws-local-stepfunctions ${(rates.standard / rates.baseline).toFixed(2)}x`);
    }
  } finally {
    await service.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function endToEnd(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-sfn-dev-"));
  await cp(path.join(repoRoot, "bench/projects/step-functions"), work, { recursive: true });
  await writeFile(path.join(work, "chain.json"), chain());
  const dev = spawn(process.execPath, [path.join(repoRoot, "bin/outpost.js"), "dev", "--port", String(DEV_PORT), "--api-port", "0", "--s3-port", "0", "--no-watch"], {
    cwd: work,
    stdio: "ignore",
    detached: true,
  });
  try {
    const base = `http://127.0.0.1:${DEV_PORT}`;
    await waitForResponse(`${base}/ready`);
    const runs = 5;
    const started = performance.now();
    for (let i = 0; i < runs; i++) {
      const { executionArn } = (await (await fetch(`${base}/start`)).json()) as { executionArn: string };
      for (;;) {
        const { status } = (await (await fetch(`${base}/describe?arn=${encodeURIComponent(executionArn)}`)).json()) as { status: string };
        if (status === "SUCCEEDED") break;
        if (status !== "RUNNING") throw new Error(`end-to-end execution ended ${status}`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`Step Functions end to end through outpost dev: ${runs} STANDARD ${CHAIN_STATES}-state chains started by a worker's binding, one after another`);
    console.log(`  ${fmt((runs * CHAIN_STATES) / seconds)} transitions/s, ${((seconds / runs) * 1000).toFixed(1)} ms per execution (start, run, describe polled until done)`);
  } finally {
    process.kill(-dev.pid!, "SIGKILL");
    await rm(work, { recursive: true, force: true });
  }
}

function fmt(rate: number): string {
  return Math.round(rate).toLocaleString("en-US").padStart(11);
}

await inProcess();
await endToEnd();
