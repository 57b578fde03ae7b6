import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before } from "node:test";
import { copyFixture } from "../helpers/fixture-copy.js";
import { OutpostDev, runOutpost } from "../helpers/outpost-cli.js";
import { eventually, type Patience } from "../helpers/until.js";

/** What the fixture's routes answer: the binding's result, or the error it threw. */
export interface Answer<T = unknown> {
  result?: T;
  error?: { name: string; message: string };
}

export interface InstanceStatus {
  status: string;
  output?: unknown;
  error?: { name: string; message: string };
}

/** Clock scale the Workflows tests run at: a day of sleeping takes under a second. */
export const TEST_CLOCK_SCALE = "200000";

/** How a test waits for an instance to reach a status. */
const STATUS_PATIENCE: Patience = { timeoutMs: 20_000, intervalMs: 25 };

export async function call<T = unknown>(dev: OutpostDev, route: string, query: Record<string, string>, body?: unknown): Promise<Answer<T>> {
  const response = await dev.fetch(`/${route}?${new URLSearchParams(query)}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  return (await response.json()) as Answer<T>;
}

/** Creates an instance of `workflow` and answers its id. */
export async function create(dev: OutpostDev, workflow: string, options: { id?: string; params?: unknown }): Promise<string> {
  const answer = await call<string>(dev, "create", { workflow }, options);
  assert.equal(answer.error, undefined, JSON.stringify(answer.error));
  return answer.result!;
}

export async function status(dev: OutpostDev, workflow: string, id: string): Promise<InstanceStatus> {
  const answer = await call<InstanceStatus>(dev, "status", { workflow, id });
  assert.equal(answer.error, undefined, JSON.stringify(answer.error));
  return answer.result!;
}

/** Resolves with the instance's status once it is one of `wanted`. */
export async function waitForStatus(dev: OutpostDev, workflow: string, id: string, ...wanted: string[]): Promise<InstanceStatus> {
  let current: InstanceStatus | undefined;
  return eventually(
    async () => {
      current = await status(dev, workflow, id);
      return wanted.includes(current.status) ? current : undefined;
    },
    () => `${workflow} instance ${id} to be ${wanted.join(" or ")}; it stayed ${JSON.stringify(current)}`,
    STATUS_PATIENCE,
  );
}

/** How many times each step body of the instance ran. */
export async function runs(dev: OutpostDev, id: string): Promise<Record<string, number>> {
  return (await call<Record<string, number>>(dev, "runs", { id })).result!;
}

/** Calls a lifecycle method of an instance (`pause`, `resume`, `terminate`, `restart`). */
export function operate(dev: OutpostDev, workflow: string, id: string, op: string): Promise<Answer> {
  return call(dev, "op", { workflow, id, op }, {});
}

export function sendEvent(dev: OutpostDev, workflow: string, id: string, type: string, payload: unknown): Promise<Answer> {
  return call(dev, "event", { workflow, id, type }, payload);
}

/** Runs `outpost dev` on a fresh copy of the `workflows` fixture at the test clock scale, for the enclosing `describe`. */
export function useWorkflowsDev(started: (dev: OutpostDev, project: string) => void): void {
  let dev: OutpostDev;
  let project: string;
  before(async () => {
    project = await copyFixture("workflows");
    dev = await OutpostDev.start([project], { env: { OUTPOST_TEST_CLOCK_SCALE: TEST_CLOCK_SCALE } });
    started(dev, project);
  });
  after(async () => {
    await dev?.kill();
    await rm(project, { recursive: true, force: true });
  });
}

/** A step of `outpost workflows instances describe --json`. */
export interface DescribedStep {
  type: string;
  name: string;
  state: string;
  output: unknown;
  error: { name: string; message: string } | null;
  attempts: { attempt: number; startedAt: number; durationMs: number; error: { name: string; message: string } | null; retryDelayMs: number | null }[];
}

/** The instance's timeline, as `outpost workflows instances describe --json` prints it. */
export async function describeInstance(project: string, workflow: string, id: string): Promise<{ status: string; steps: DescribedStep[] }> {
  const { code, stdout, stderr } = await runOutpost(["workflows", "instances", "describe", workflow, id, "--json"], { cwd: project });
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout) as { status: string; steps: DescribedStep[] };
}
