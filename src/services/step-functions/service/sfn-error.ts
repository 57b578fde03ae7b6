import { OutpostError } from "../../../errors.js";

/** AWS Step Functions API error names, as `@aws-sdk/client-sfn` reports them. */
export type SfnErrorCode =
  | "StateMachineDoesNotExist"
  | "StateMachineAlreadyExists"
  | "StateMachineDeleting"
  | "ExecutionDoesNotExist"
  | "ExecutionAlreadyExists"
  | "ExecutionLimitExceeded"
  | "InvalidDefinition"
  | "InvalidArn"
  | "InvalidName"
  | "InvalidExecutionInput"
  | "InvalidOutput"
  | "InvalidToken"
  | "TaskDoesNotExist"
  | "TaskTimedOut"
  | "ValidationException"
  | "StateMachineTypeNotSupported";

/** An error of the Step Functions API: `code` is AWS's error type, `message` AWS's text. */
export class SfnError extends OutpostError<SfnErrorCode> {}

export const noSuchMachine = (arn: string) => new SfnError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
export const noSuchExecution = (arn: string) => new SfnError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);

/** Parses a JSON text field (`input`, `output`), or fails with `code`. */
export function parseJsonField(text: string | undefined, code: "InvalidExecutionInput" | "InvalidOutput", fallback: string): unknown {
  try {
    return JSON.parse(text ?? fallback);
  } catch (error) {
    throw new SfnError(code, `Invalid ${code === "InvalidOutput" ? "Output" : "State Input"}: '${(error as Error).message}'`);
  }
}
