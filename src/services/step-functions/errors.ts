import { OutpostError } from "../../errors.js";

export type StepFunctionsErrorCode =
  /** The state machine definition is not valid ASL; `diagnostics` lists every problem. */
  "ERR_INVALID_DEFINITION";

/** One problem found in a definition: where (a JSON pointer such as `/States/Hello/Next`) and what. */
export interface DefinitionDiagnostic {
  /** AWS-style code, e.g. `SCHEMA_VALIDATION_FAILED`, `MISSING_TRANSITION_TARGET`. */
  code: string;
  path: string;
  message: string;
}

/** A definition was rejected. AWS's API names this error `InvalidDefinition`. */
export class InvalidDefinition extends OutpostError<StepFunctionsErrorCode> {
  constructor(readonly diagnostics: DefinitionDiagnostic[]) {
    super(
      "ERR_INVALID_DEFINITION",
      `Invalid State Machine Definition: ${diagnostics.map((d) => `'${d.code}: ${d.message} at ${d.path}'`).join(", ")}`,
    );
  }
}

/**
 * An ASL runtime error (`Error` name + `Cause`) as states report it: `States.Runtime`,
 * `States.TaskFailed`, a Fail state's error, a task's own error name. Catchers and retriers match
 * on `error`.
 */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
    this.name = "StatesError";
  }
}

/** The `States.*` error names the interpreter raises. */
export const StatesErrors = {
  ALL: "States.ALL",
  Runtime: "States.Runtime",
  Timeout: "States.Timeout",
  HeartbeatTimeout: "States.HeartbeatTimeout",
  TaskFailed: "States.TaskFailed",
  Permissions: "States.Permissions",
  ResultPathMatchFailure: "States.ResultPathMatchFailure",
  ParameterPathFailure: "States.ParameterPathFailure",
  QueryEvaluationError: "States.QueryEvaluationError",
  BranchFailed: "States.BranchFailed",
  NoChoiceMatched: "States.NoChoiceMatched",
  IntrinsicFailure: "States.IntrinsicFailure",
  ExceedToleratedFailureThreshold: "States.ExceedToleratedFailureThreshold",
  DataLimitExceeded: "States.DataLimitExceeded",
} as const;
