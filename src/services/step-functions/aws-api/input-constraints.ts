import { SfnError } from "../service/sfn-error.js";
import { ProtocolError } from "./protocol-error.js";

/** What the Step Functions API model says about one input member. */
export type MemberRule =
  | {
      type: "string";
      min?: number;
      max?: number;
      values?: readonly string[];
      required?: boolean;
      sensitive?: boolean;
      /** The length is counted in UTF-8 bytes, as AWS counts a payload's (`input`, `output`). */
      utf8?: boolean;
    }
  | { type: "integer"; min: number; max: number }
  | { type: "boolean" }
  | { type: "structure" }
  | { type: "list" };

export type InputRules = Readonly<Record<string, MemberRule>>;

const JSON_TYPES: Record<MemberRule["type"], string> = { string: "string", integer: "number", boolean: "boolean", structure: "object", list: "object" };

/**
 * Checks `input` against its operation's member rules as AWS does before the operation runs: a
 * member of the wrong JSON type is a SerializationException; every broken constraint is listed in
 * one ValidationException, worded as AWS words it. Members the rules do not name are ignored.
 */
export function checkInput(input: Record<string, unknown>, rules: InputRules): void {
  const problems: string[] = [];
  for (const [member, rule] of Object.entries(rules)) {
    const value = input[member];
    if (value === undefined || value === null) {
      if (rule.type === "string" && rule.required) problems.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    checkType(member, value, rule);
    const shown = rule.type === "string" && rule.sensitive ? "Value" : `Value '${typeof value === "string" ? value : JSON.stringify(value)}'`;
    const broken = brokenConstraint(value, rule);
    if (broken !== undefined) problems.push(`${shown} at '${member}' failed to satisfy constraint: ${broken}`);
  }
  if (problems.length > 0) {
    const count = problems.length === 1 ? "1 validation error detected" : `${problems.length} validation errors detected`;
    throw new SfnError("ValidationException", `${count}: ${problems.join("; ")}`);
  }
}

function checkType(member: string, value: unknown, rule: MemberRule): void {
  const jsonType = Array.isArray(value) ? "array" : typeof value;
  const expected = rule.type === "list" ? "array" : JSON_TYPES[rule.type];
  if (jsonType !== expected || (rule.type === "integer" && !Number.isInteger(value))) {
    throw new ProtocolError("SerializationException", `'${member}' must be a JSON ${rule.type === "integer" ? "integer" : expected}, not ${jsonType === "number" ? String(value) : jsonType}.`);
  }
}

function brokenConstraint(value: unknown, rule: MemberRule): string | undefined {
  if (rule.type === "string") {
    const text = value as string;
    if (rule.values !== undefined && !rule.values.includes(text)) return `Member must satisfy enum value set: [${rule.values.join(", ")}]`;
    const length = rule.utf8 ? Buffer.byteLength(text) : text.length;
    if (rule.min !== undefined && length < rule.min) return `Member must have length greater than or equal to ${rule.min}`;
    if (rule.max !== undefined && length > rule.max) return `Member must have length less than or equal to ${rule.max}`;
  } else if (rule.type === "integer") {
    const number = value as number;
    if (number < rule.min) return `Member must have value greater than or equal to ${rule.min}`;
    if (number > rule.max) return `Member must have value less than or equal to ${rule.max}`;
  }
  return undefined;
}
