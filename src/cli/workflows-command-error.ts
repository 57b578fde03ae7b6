import { OutpostError } from "../errors.js";

export type WorkflowsCommandErrorCode =
  /** <name> is neither configured nor holding instances. */
  | "ERR_WORKFLOW_NOT_FOUND"
  /** <id> is not an instance of the Workflow, or is `latest` and the Workflow has none. */
  | "ERR_WORKFLOW_INSTANCE_NOT_FOUND"
  /** `trigger --id` named an instance that exists. */
  | "ERR_WORKFLOW_INSTANCE_EXISTS"
  /** An argument or option cannot be used: params or --payload not JSON, params given twice, --id or --status invalid. */
  | "ERR_WORKFLOW_BAD_OPTION"
  /** The instance's status does not allow the operation. */
  | "ERR_WORKFLOW_ILLEGAL_STATE";

/** A `workflows` command that cannot do what it was asked; the message names the Workflow, instance or flag at fault. */
export class WorkflowsCommandError extends OutpostError<WorkflowsCommandErrorCode> {}
