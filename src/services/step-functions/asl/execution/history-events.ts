import type { Json, JsonObject } from "../definition-types.js";

/** An event as `GetExecutionHistory` returns it. */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [details: string]: unknown;
}

/** Fields whose JSON values AWS returns as JSON text, each with a `…Details: {truncated}` sibling. */
const PAYLOAD_FIELDS = new Set(["input", "output", "parameters"]);

export interface RecordedEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  detailsKey?: string;
  details?: Record<string, unknown>;
}

/**
 * Appends events cheaply (payloads kept as values; executions never mutate them) and renders
 * them in AWS's shapes, JSON text and all, only when asked.
 */
export class HistoryRecorder {
  #events: RecordedEvent[] = [];

  constructor(readonly enabled: boolean) {}

  get lastId(): number {
    return this.#events.length;
  }

  /** Appends an event after `previousEventId`; returns its id. */
  add(type: string, previousEventId: number, timestamp: number, detailsKey?: string, details?: Record<string, unknown>): number {
    if (!this.enabled) return 0;
    const id = this.#events.length + 1;
    this.#events.push({ id, previousEventId, timestamp, type, detailsKey, details });
    return id;
  }

  events(): HistoryEvent[] {
    return this.#events.map(render);
  }
}

/** An event in `GetExecutionHistory`'s shape: payload fields as JSON text. */
export function render(e: RecordedEvent): HistoryEvent {
  const event: HistoryEvent = { timestamp: new Date(e.timestamp), type: e.type, id: e.id, previousEventId: e.previousEventId };
  if (e.detailsKey && e.details) {
    const details: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e.details)) {
      if (v === undefined) continue;
      if (PAYLOAD_FIELDS.has(k)) {
        details[k] = JSON.stringify(v as Json);
        details[`${k}Details`] = { truncated: false };
      } else if (k === "assignedVariables") {
        const vars: Record<string, string> = {};
        for (const [name, value] of Object.entries(v as JsonObject)) vars[name] = JSON.stringify(value);
        details[k] = vars;
        details.assignedVariablesDetails = { truncated: false };
      } else details[k] = v;
    }
    event[e.detailsKey] = details;
  }
  return event;
}

/** AWS splits `arn:aws:states:::lambda:invoke` into `resourceType: lambda`, `resource: invoke`. */
export function describeResource(resource: string): { resourceType: string; resource: string } {
  const m = /^arn:[^:]+:states:::([^:]+):(.+)$/.exec(resource);
  if (m) return { resourceType: m[1]!, resource: m[2]! };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(resource);
  return { resourceType: scheme ? scheme[1]! : "task", resource };
}
