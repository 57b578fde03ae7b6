export { DurableEngine } from "./durable-engine.js";
export type { DurableEngineOptions, EngineClock } from "./durable-engine.js";
export { SqliteEngineStore } from "./sqlite-engine-store.js";
export type {
  AttemptRecord, EngineStore, EventWait, InboxEvent, InstanceChange, InstanceKey, InstanceRecord, StepRecord, StepState, StepWrite, StoredError,
} from "./engine-store.js";
export { EngineError } from "./errors.js";
export type { EngineErrorCode } from "./errors.js";
export { existing, instanceLifecycle } from "./instance-lifecycle.js";
export { assertTransition, canTransition, FINISHED_STATUSES, IllegalStateError, INSTANCE_STATUSES, LIVE_STATUSES } from "./instance-status.js";
export type { InstanceStatus } from "./instance-status.js";
export type { Dispatch, RunOutcome, RunTicket } from "./run-outcome.js";
