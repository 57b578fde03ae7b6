import { OutpostError } from "../../errors.js";
import type { EngineError, StoredError } from "../durable-engine/index.js";

export type WorkflowsErrorCode =
  /** An instance id that is not 1–100 letters, digits, `-` and `_` (not starting with `-`). */
  | "ERR_WORKFLOW_INVALID_ID"
  /** `create` with an id that exists. */
  | "ERR_WORKFLOW_INSTANCE_EXISTS"
  /** A batch that is empty or over the limit. */
  | "ERR_WORKFLOW_BATCH"
  /** A request the Workflows protocol does not have. */
  | "ERR_WORKFLOW_PROTOCOL";

/**
 * A refused Workflows call. `cloudflare` is the error as Cloudflare's runtime names and words it;
 * the binding throws exactly that in the user's worker.
 */
export class WorkflowsError extends OutpostError<WorkflowsErrorCode> {
  readonly cloudflare: StoredError;

  constructor(code: WorkflowsErrorCode, cloudflare: StoredError) {
    super(code, cloudflare.message);
    this.cloudflare = cloudflare;
  }
}

/** Cloudflare's wording of the engine's refusals, as workerd's bundled Workflows engine has it. */
export function cloudflareErrorOf(error: EngineError): StoredError {
  switch (error.code) {
    case "ERR_INSTANCE_NOT_FOUND":
      return { name: "Error", message: "instance.not_found" };
    case "ERR_INSTANCE_EXISTS":
      return instanceExists(error.instanceId);
    case "ERR_CANNOT_RESUME":
      return { name: "WorkflowError", message: `(instance.cannot_resume) Cannot resume instance with status "${error.status}"` };
    case "ERR_CANNOT_TERMINATE":
      return { name: "WorkflowError", message: "(instance.cannot_terminate) Cannot terminate instance since its on a finite state" };
  }
}

export function instanceExists(id: string): StoredError {
  return { name: "WorkflowError", message: `(instance.already_exists) Workflow instance with id "${id}" already exists` };
}
