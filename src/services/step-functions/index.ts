export { InvalidDefinition, StatesError, StatesErrors, type DefinitionDiagnostic, type StepFunctionsErrorCode } from "./errors.js";
export type {
  Catcher,
  ChoiceRule,
  Json,
  JsonObject,
  QueryLanguage,
  Retrier,
  StateDefinition,
  StateMachineDefinition,
  StateType,
} from "./asl/definition-types.js";
export { parseDefinition, validateStateMachineDefinition, type ValidateStateMachineDefinitionOutput } from "./asl/definition-parser.js";
export { validateDefinition, type ResourceValidator, type ValidationOptions } from "./asl/validation/definition-validator.js";
export { StateMachine } from "./asl/state-machine.js";
export { enterState, resumeState } from "./asl/state-machine-interpreter.js";
export {
  childScope,
  contextObject,
  executionScope,
  type ExecutionContext,
  type ExecutionStart,
  type InterpreterServices,
  type Scope,
  type StateMachineContext,
  type StateVisit,
} from "./asl/state-environment.js";
export type { BranchesRequest, BranchOutcome, BranchRun, StateFailure, StateOutcome, StepDecision, TaskOutcome, TaskRequest } from "./asl/step-decision.js";
export { WAIT_FOR_TASK_TOKEN } from "./asl/states/task.js";
export { decideRetry, errorMatches, retryDelayMs, type RetryDecision } from "./asl/retry-policy.js";
export { findCatcher } from "./asl/catch-policy.js";
export { systemClock, VirtualClock, type Clock } from "./asl/execution/clock.js";
export { describeResource, type HistoryEvent } from "./asl/execution/history-events.js";
export { TaskError, type TaskInvocationOptions, type TaskInvoker } from "./asl/execution/task-invoker.js";
export {
  ExpressExecution,
  type ExecutionResult,
  type ExecutionStatus,
  type ExpressExecutionOptions,
} from "./asl/execution/express-execution.js";
export { type DescribeExecutionOutput } from "./service/execution-description.js";
export { StepFunctionsService, type StepFunctionsServiceOptions } from "./service/step-functions-service.js";
export { SfnError, type SfnErrorCode } from "./service/sfn-error.js";
export { LOCAL_ACCOUNT, LOCAL_REGION, executionArn, stateMachineArn } from "./service/arns.js";
export { SqliteSfnStore, STEP_FUNCTIONS_FOLDER, type ExecutionRecord, type MachineRecord, type MachineType, type SfnStore } from "./service/sfn-store.js";
export { checkResource, type TaskTargets } from "./service/task-resources.js";
export { describeLocation, loadStateMachines, stateMachineBindings, STEP_FUNCTIONS_SERVICE, type DeclaredStateMachine } from "./service/plugin.js";
export { serveSfnBindingRequest } from "./service/binding-protocol.js";
export { sleepingClock } from "./service/sleeping-clock.js";
export { sfnApiHandler, type SfnApiOptions } from "./aws-api/sfn-api-handler.js";
