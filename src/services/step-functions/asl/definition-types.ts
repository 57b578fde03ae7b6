/** Any JSON value as a state sees it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type QueryLanguage = "JSONPath" | "JSONata";

export type StateType = "Task" | "Pass" | "Choice" | "Wait" | "Succeed" | "Fail" | "Parallel" | "Map";

/** A retrier from a state's `Retry` list. */
export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: "FULL" | "NONE";
  Comment?: string;
}

/** A catcher from a state's `Catch` list. */
export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: Json;
  Assign?: JsonObject;
  Comment?: string;
}

/** A Choice rule: a comparison, an And/Or/Not combination, or (JSONata) a `Condition`. */
export interface ChoiceRule {
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Condition?: Json;
  Next?: string;
  Assign?: JsonObject;
  Output?: Json;
  Comment?: string;
  [operator: string]: unknown;
}

/** Every field any state type may carry; the validator checks which belong to which type. */
export interface StateDefinition {
  Type: StateType;
  Comment?: string;
  QueryLanguage?: QueryLanguage;
  Next?: string;
  End?: boolean;
  InputPath?: string | null;
  OutputPath?: string | null;
  ResultPath?: string | null;
  Parameters?: Json;
  ResultSelector?: JsonObject;
  Arguments?: Json;
  Output?: Json;
  Assign?: JsonObject;
  Result?: Json;
  Resource?: string;
  Credentials?: Json;
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Choices?: ChoiceRule[];
  Default?: string;
  Seconds?: number | string;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  Error?: string;
  ErrorPath?: string;
  Cause?: string;
  CausePath?: string;
  Branches?: StateMachineDefinition[];
  ItemProcessor?: StateMachineDefinition & { ProcessorConfig?: { Mode?: string; ExecutionType?: string } };
  Iterator?: StateMachineDefinition;
  ItemsPath?: string;
  Items?: Json;
  ItemSelector?: Json;
  MaxConcurrency?: number | string;
  MaxConcurrencyPath?: string;
  ToleratedFailurePercentage?: number | string;
  ToleratedFailurePercentagePath?: string;
  ToleratedFailureCount?: number | string;
  ToleratedFailureCountPath?: string;
}

/** A state machine, or a Parallel branch / Map item processor (which have the same shape). */
export interface StateMachineDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  Comment?: string;
  Version?: string;
  TimeoutSeconds?: number;
  QueryLanguage?: QueryLanguage;
}
