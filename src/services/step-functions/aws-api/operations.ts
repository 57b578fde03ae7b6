import { MAX_PAYLOAD_BYTES } from "../asl/payload-limit.js";
import type { StepFunctionsService } from "../service/step-functions-service.js";
import type { InputRules, MemberRule } from "./input-constraints.js";

const arn: MemberRule = { type: "string", min: 1, max: 256, required: true };
const optionalArn: MemberRule = { type: "string", min: 1, max: 256 };
const definition: MemberRule = { type: "string", min: 1, max: 1_048_576, sensitive: true };
const executionData: MemberRule = { type: "string", max: MAX_PAYLOAD_BYTES, sensitive: true, utf8: true };
const includedData: MemberRule = { type: "string", values: ["ALL_DATA", "METADATA_ONLY"] };
const maxResults: MemberRule = { type: "integer", min: 0, max: 1000 };
const taskToken: MemberRule = { type: "string", min: 1, max: 2048, required: true };
const error: MemberRule = { type: "string", max: 256, sensitive: true };
const cause: MemberRule = { type: "string", max: 32_768, sensitive: true };
const machineType: MemberRule = { type: "string", values: ["STANDARD", "EXPRESS"] };
const structure: MemberRule = { type: "structure" };
const execution = { stateMachineArn: arn, name: { type: "string", min: 1, max: 80 }, input: executionData, traceHeader: { type: "string", max: 256 } } as const;
const configuration = {
  loggingConfiguration: structure,
  tracingConfiguration: structure,
  encryptionConfiguration: structure,
  publish: { type: "boolean" },
  versionDescription: { type: "string", max: 256, sensitive: true },
} as const;

/**
 * The Step Functions actions Outpost serves, with the constraints of AWS's API model on their
 * input members. Each is the `StepFunctionsService` method of the same name in lower camel case.
 */
export const SFN_ACTIONS = {
  CreateStateMachine: {
    name: { type: "string", min: 1, max: 80, required: true },
    definition: { ...definition, required: true },
    roleArn: arn,
    type: machineType,
    tags: { type: "list" },
    ...configuration,
  },
  UpdateStateMachine: { stateMachineArn: arn, definition, roleArn: optionalArn, ...configuration },
  DescribeStateMachine: { stateMachineArn: arn, includedData },
  ListStateMachines: { maxResults, nextToken: { type: "string", min: 1, max: 1024 } },
  DeleteStateMachine: { stateMachineArn: arn },
  StartExecution: execution,
  StartSyncExecution: { ...execution, includedData },
  DescribeExecution: { executionArn: arn, includedData },
  StopExecution: { executionArn: arn, error, cause },
  ListExecutions: {
    stateMachineArn: optionalArn,
    statusFilter: { type: "string", values: ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"] },
    maxResults,
    nextToken: { type: "string", min: 1, max: 3096 },
    mapRunArn: { type: "string", min: 1, max: 2000 },
    redriveFilter: { type: "string", values: ["REDRIVEN", "NOT_REDRIVEN"] },
  },
  GetExecutionHistory: {
    executionArn: arn,
    maxResults,
    reverseOrder: { type: "boolean" },
    nextToken: { type: "string", min: 1, max: 3096 },
    includeExecutionData: { type: "boolean" },
  },
  SendTaskSuccess: { taskToken, output: { ...executionData, required: true } },
  SendTaskFailure: { taskToken, error, cause },
  SendTaskHeartbeat: { taskToken },
  ValidateStateMachineDefinition: {
    definition: { ...definition, required: true },
    type: machineType,
    severity: { type: "string", values: ["ERROR", "WARNING"] },
    maxResults: { type: "integer", min: 0, max: 100 },
  },
} satisfies Record<string, InputRules>;

export type SfnActionName = keyof typeof SFN_ACTIONS;

/** What the API needs of the Step Functions service: its method of each action, taking and returning AWS's JSON members. */
export type SfnOperations = Pick<StepFunctionsService, Uncapitalize<SfnActionName>>;

/** The service method behind an action. */
export function methodOf(action: SfnActionName): Uncapitalize<SfnActionName> {
  return `${action[0]!.toLowerCase()}${action.slice(1)}` as Uncapitalize<SfnActionName>;
}

export function isSfnAction(name: string): name is SfnActionName {
  return Object.hasOwn(SFN_ACTIONS, name);
}
