import { randomUUID } from "node:crypto";
import { MAX_BATCH_INSTANCES, MAX_INSTANCE_ID_LENGTH } from "./limits.js";
import { WorkflowsError } from "./errors.js";

const INSTANCE_ID = /^[a-zA-Z0-9_][a-zA-Z0-9-_]*$/;

/** An entry of `create`/`createBatch` as the binding sends it. */
export interface CreateEntry {
  id?: unknown;
  params: string;
}

/** The entries with ids: a random UUID where none was given. Throws Cloudflare's errors for bad ids and batch sizes. */
export function assignIds(entries: readonly CreateEntry[], batch: boolean): { id: string; params: string }[] {
  if (batch && entries.length === 0) throw batchError("WorkflowError: batchCreate should have at least 1 instance");
  if (batch && entries.length > MAX_BATCH_INSTANCES) throw batchError(`WorkflowError: batchCreate only supports ${MAX_BATCH_INSTANCES} instances at a time`);
  return entries.map((entry) => {
    const id = entry.id === undefined ? randomUUID() : entry.id;
    if (!isInstanceId(id)) throw new WorkflowsError("ERR_WORKFLOW_INVALID_ID", { name: "WorkflowError", message: "Workflow instance has invalid id" });
    return { id, params: entry.params };
  });
}

export function isInstanceId(id: unknown): id is string {
  return typeof id === "string" && id.length <= MAX_INSTANCE_ID_LENGTH && INSTANCE_ID.test(id);
}

function batchError(message: string): WorkflowsError {
  return new WorkflowsError("ERR_WORKFLOW_BATCH", { name: "Error", message });
}
