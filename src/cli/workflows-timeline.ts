import { inspect } from "node:util";
import { existing, type AttemptRecord, type EngineStore, type InboxEvent, type InstanceKey, type StepRecord, type StoredError } from "../services/durable-engine/index.js";
import { decodeValue } from "../services/workflows/index.js";

/**
 * One step of an instance's timeline, with its attempts. Values are as `encodeValue` stores them
 * (JSON, `$`-tagged where JSON falls short); an event wait's output is the event it took, with that
 * value as its payload and an ISO time as its timestamp.
 */
export interface TimelineStep {
  type: string;
  name: string;
  count: number;
  state: StepRecord["state"];
  started: string;
  finished: string | null;
  /** When a sleep, an event wait or a retry delay ends. */
  until: string | null;
  output: unknown;
  error: StoredError | null;
  attempts: Omit<AttemptRecord, "key">[];
}

export interface Timeline {
  id: string;
  workflow: string;
  status: string;
  created: string;
  output: unknown;
  error: StoredError | null;
  steps: TimelineStep[];
}

export function timelineOf(store: EngineStore, key: InstanceKey): Timeline {
  const instance = existing(store, key);
  const attempts = new Map<string, AttemptRecord[]>();
  for (const attempt of store.attempts(key)) (attempts.get(attempt.key) ?? attempts.set(attempt.key, []).get(attempt.key)!).push(attempt);
  return {
    id: instance.id,
    workflow: instance.namespace,
    status: instance.status,
    created: iso(instance.createdAt),
    output: instance.output === null ? null : JSON.parse(instance.output),
    error: instance.error,
    steps: store.journal(key).map((step) => ({
      type: step.type,
      name: step.name,
      count: step.count,
      state: step.state,
      started: iso(step.startedAt),
      finished: step.finishedAt === null ? null : iso(step.finishedAt),
      until: step.deadline === null ? null : iso(step.deadline),
      output: outputOf(step),
      error: step.error,
      attempts: (attempts.get(step.key) ?? []).map(({ key: _key, ...attempt }) => attempt),
    })),
  };
}

/** The timeline as `instances describe` prints it. */
export function describeInstance(timeline: Timeline): string {
  const lines = [
    `Instance  ${timeline.id}`,
    `Workflow  ${timeline.workflow}`,
    `Status    ${timeline.status}`,
    `Created   ${timeline.created}`,
    ...(timeline.output === null ? [] : [`Output    ${shown(timeline.output)}`]),
    ...(timeline.error === null ? [] : [`Error     ${timeline.error.name}: ${timeline.error.message}`]),
    "",
    timeline.steps.length === 0 ? "No steps yet." : "Steps:",
  ];
  timeline.steps.forEach((step, index) => {
    lines.push(`  ${index + 1}. ${step.type} "${step.name}"${step.count > 1 ? ` (#${step.count})` : ""}  ${stateOf(step)}`);
    for (const attempt of step.attempts) {
      const outcome = attempt.error === null ? "succeeded" : `failed: ${attempt.error.name}: ${attempt.error.message}`;
      const retry = attempt.retryDelayMs === null ? "" : `; retrying in ${attempt.retryDelayMs} ms`;
      lines.push(`       attempt ${attempt.attempt}  ${iso(attempt.startedAt)}  ${attempt.durationMs} ms  ${outcome}${retry}`);
    }
    if (step.output !== null) lines.push(`       output: ${shown(step.output)}`);
    if (step.error !== null && step.attempts.length === 0) lines.push(`       error: ${step.error.name}: ${step.error.message}`);
  });
  return lines.join("\n") + "\n";
}

function outputOf(step: StepRecord): unknown {
  if (step.value === null) return null;
  if (step.type !== "waitForEvent") return JSON.parse(step.value);
  // The journal keeps the event as the inbox held it: its payload encoded again, its time in ms.
  const event = JSON.parse(step.value) as InboxEvent;
  return { type: event.type, payload: JSON.parse(event.payload), timestamp: iso(event.timestamp) };
}

function stateOf(step: TimelineStep): string {
  if (step.type === "sleep") return `until ${step.until}`;
  if (step.state === "pending" && step.until !== null) return step.type === "do" ? `retrying at ${step.until}` : `waiting until ${step.until}`;
  return step.state;
}

function shown(stored: unknown): string {
  return inspect(decodeValue(JSON.stringify(stored)), { depth: 6, breakLength: Infinity });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
