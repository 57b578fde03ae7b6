import type { AttemptRecord, DurableEngine, InstanceKey, StepRecord, StepWrite } from "../durable-engine/index.js";
import { instanceExists, WorkflowsError } from "./errors.js";
import { assignIds, type CreateEntry } from "./instance-ids.js";

/** What the Workflows worker sends: the Workflow (`namespace`), an instance and the call's fields. */
export type RouteBody = InstanceKey & Record<string, unknown>;

export interface RouteContext {
  engine: DurableEngine;
  /** Reports a step attempt the runner finished. */
  logAttempt: (key: InstanceKey, step: StepRecord, attempt: AttemptRecord) => void;
}

type Route = (context: RouteContext, body: RouteBody) => Promise<unknown>;

/**
 * The engine's calls, by the path the Workflows worker posts to. The binding's calls answer what
 * the `WorkflowBinding` entrypoint returns; the runner's (`step`, `wait`) answer `{aborted: true}`
 * when the run no longer holds the instance.
 */
export const ENGINE_ROUTES: Readonly<Record<string, Route>> = {
  async create({ engine }, body) {
    const batch = body.batch === true;
    const entries = assignIds(body.entries as CreateEntry[], batch);
    const created = await engine.create(body.namespace, entries);
    if (!batch && !created[0]) throw new WorkflowsError("ERR_WORKFLOW_INSTANCE_EXISTS", instanceExists(entries[0]!.id));
    return { created: entries.filter((_, index) => created[index]).map(({ id }) => ({ id })) };
  },

  async get({ engine }, body) {
    return { id: engine.instance(body).id };
  },

  async status({ engine }, body) {
    const { status, output, error } = engine.instance(body);
    return { status, output, error };
  },

  pause: ({ engine }, body) => engine.pause(body).then(done),
  resume: ({ engine }, body) => engine.resume(body).then(done),
  terminate: ({ engine }, body) => engine.terminate(body).then(done),
  restart: ({ engine }, body) => engine.restart(body).then(done),

  async event({ engine }, body) {
    if (typeof body.type !== "string") throw new WorkflowsError("ERR_WORKFLOW_PROTOCOL", { name: "Error", message: "sendEvent needs a type" });
    return engine.sendEvent(body, { type: body.type, payload: String(body.payload) }).then(done);
  },

  async step({ engine, logAttempt }, body) {
    const write = { step: body.step, attempt: body.attempt } as Omit<StepWrite, "generation">;
    const record = await engine.writeStep(body, String(body.runId), write);
    if (write.attempt !== undefined) logAttempt(body, write.step as StepRecord, write.attempt);
    return record === undefined ? { aborted: true } : {};
  },

  async wait({ engine }, body) {
    const found = await engine.waitForEvent(body, String(body.runId), body.step as Parameters<DurableEngine["waitForEvent"]>[2]);
    return found ?? { aborted: true };
  },
};

function done(): object {
  return {};
}
