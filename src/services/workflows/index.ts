export { WorkflowsService } from "./workflows-service.js";
export type { WorkflowsServiceOptions } from "./workflows-service.js";
export { WorkflowsError } from "./errors.js";
export type { WorkflowsErrorCode } from "./errors.js";
export { configuredWorkflows, workflowBindings, workflowSteps, workflowsWorker, WORKFLOWS_SERVICE } from "./plugin.js";
export { decodeValue, encodeValue } from "./value-codec.js";
export { isInstanceId } from "./instance-ids.js";
export * from "./limits.js";
