import { SfnError } from "./sfn-error.js";

/** The region and account every local ARN names: there is one local account. */
export const LOCAL_REGION = "us-east-1";
export const LOCAL_ACCOUNT = "000000000000";

const PREFIX = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:`;
/** AWS's rule for state machine and execution names: 1–80 characters, none of these. */
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

export function stateMachineArn(name: string): string {
  return `${PREFIX}stateMachine:${name}`;
}

export function executionArn(machine: string, name: string): string {
  return `${PREFIX}execution:${machine}:${name}`;
}

export function checkName(name: string): string {
  if (!NAME.test(name)) throw new SfnError("InvalidName", `Invalid Name: '${name}'`);
  return name;
}

/** The state machine name in a state machine ARN. */
export function machineNameOf(arn: unknown): string {
  const m = typeof arn === "string" && arn.startsWith(`${PREFIX}stateMachine:`) ? arn.slice(PREFIX.length + "stateMachine:".length) : undefined;
  if (m === undefined || !NAME.test(m)) throw new SfnError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: ${String(arn)}'`);
  return m;
}

/** The state machine and execution names in an execution ARN. */
export function executionPartsOf(arn: unknown): { machine: string; name: string } {
  const rest = typeof arn === "string" && arn.startsWith(`${PREFIX}execution:`) ? arn.slice(PREFIX.length + "execution:".length).split(":") : [];
  if (rest.length !== 2 || !NAME.test(rest[0]!) || !NAME.test(rest[1]!)) {
    throw new SfnError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: ${String(arn)}'`);
  }
  return { machine: rest[0]!, name: rest[1]! };
}
