import type { StateType } from "../definition-types.js";

/** Fields only JSONPath states may use. */
export const JSONPATH_ONLY = new Set([
  "InputPath",
  "OutputPath",
  "Parameters",
  "ResultPath",
  "ResultSelector",
  "Result",
  "ItemsPath",
  "Iterator",
  "TimeoutSecondsPath",
  "HeartbeatSecondsPath",
  "SecondsPath",
  "TimestampPath",
  "ErrorPath",
  "CausePath",
  "MaxConcurrencyPath",
  "ToleratedFailureCountPath",
  "ToleratedFailurePercentagePath",
]);

/** Fields only JSONata states may use. */
export const JSONATA_ONLY = new Set(["Arguments", "Output", "Items"]);

/** Distributed Map fields, which Outpost does not run. */
export const DISTRIBUTED_MAP_FIELDS = new Set(["ItemReader", "ItemBatcher", "ResultWriter", "Label"]);

const COMMON = ["Type", "Comment", "QueryLanguage"];
const TRANSITION = ["Next", "End"];
const ERROR_HANDLING = ["Retry", "Catch"];
/** The data-flow fields of states that produce a result: Task, Parallel, Map. */
const RESULT_FIELDS = ["InputPath", "OutputPath", "ResultPath", "ResultSelector", "Output", "Assign"];

/** The fields each state type accepts, in either query language. */
export const STATE_FIELDS: Record<StateType, Set<string>> = {
  Pass: new Set([...COMMON, ...TRANSITION, "InputPath", "OutputPath", "ResultPath", "Parameters", "Result", "Assign", "Output"]),
  Task: new Set([
    ...COMMON,
    ...TRANSITION,
    ...ERROR_HANDLING,
    ...RESULT_FIELDS,
    "Resource",
    "Parameters",
    "Arguments",
    "Credentials",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
  ]),
  Choice: new Set([...COMMON, "Choices", "Default", "InputPath", "OutputPath", "Output", "Assign"]),
  Wait: new Set([...COMMON, ...TRANSITION, "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "InputPath", "OutputPath", "Output", "Assign"]),
  Succeed: new Set([...COMMON, "InputPath", "OutputPath", "Output"]),
  Fail: new Set([...COMMON, "Error", "ErrorPath", "Cause", "CausePath"]),
  Parallel: new Set([...COMMON, ...TRANSITION, ...ERROR_HANDLING, ...RESULT_FIELDS, "Branches", "Parameters", "Arguments"]),
  Map: new Set([
    ...COMMON,
    ...TRANSITION,
    ...ERROR_HANDLING,
    ...RESULT_FIELDS,
    ...DISTRIBUTED_MAP_FIELDS,
    "ItemProcessor",
    "Iterator",
    "ItemsPath",
    "Items",
    "ItemSelector",
    "Parameters",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
  ]),
};

export const STATE_TYPES = Object.keys(STATE_FIELDS) as StateType[];

/** State types that go on with `Next` or stop with `End: true`. */
export const TRANSITIONING = new Set<StateType>(["Pass", "Task", "Wait", "Parallel", "Map"]);

/** Top-level fields of a state machine, and of a branch or item processor. */
export const MACHINE_FIELDS = new Set(["StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"]);
export const BRANCH_FIELDS = new Set(["StartAt", "States", "Comment", "QueryLanguage"]);
export const PROCESSOR_FIELDS = new Set([...BRANCH_FIELDS, "ProcessorConfig"]);

export const RETRIER_FIELDS = new Set(["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"]);
export const CATCHER_FIELDS = new Set(["ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment"]);
