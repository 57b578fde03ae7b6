import { COMPARISON_OPERATORS, ruleOperators } from "../choice-rules.js";
import { parseTimestamp } from "../timestamp.js";
import { isObject, type Diagnostics } from "./diagnostics.js";
import { checkAssign, checkJsonataValue, checkPath } from "./field-checks.js";

const JSONATA_RULE_FIELDS = new Set(["Condition", "Next", "Output", "Assign", "Comment"]);

/**
 * Checks a Choice state's `Choices`; returns the rules' `Next` targets. Top-level rules need
 * `Next`; nested ones (inside And/Or/Not) must not have it.
 */
export function checkChoices(d: Diagnostics, at: string, choices: unknown, jsonata: boolean): { path: string; next: unknown }[] {
  if (!Array.isArray(choices) || choices.length === 0) {
    d.add(`${at}/Choices`, "The field 'Choices' must be a non-empty array");
    return [];
  }
  const targets: { path: string; next: unknown }[] = [];
  choices.forEach((rule, i) => {
    const path = `${at}/Choices/${i}`;
    if (!isObject(rule)) return d.add(path, "A choice rule must be an object");
    if (rule.Next === undefined) d.add(path, "These fields are required: [Next]");
    else targets.push({ path: `${path}/Next`, next: rule.Next });
    checkAssign(d, `${path}/Assign`, rule.Assign, jsonata);
    if (jsonata) checkJsonataRule(d, path, rule);
    else checkJsonPathRule(d, path, rule, true);
  });
  return targets;
}

function checkJsonataRule(d: Diagnostics, at: string, rule: Record<string, unknown>): void {
  for (const key of Object.keys(rule)) {
    if (!JSONATA_RULE_FIELDS.has(key)) d.add(`${at}/${key}`, `The field "${key}" is not supported in JSONata choice rules; use 'Condition'`);
  }
  if (rule.Condition === undefined) d.add(at, "These fields are required: [Condition]");
  else if (typeof rule.Condition !== "boolean" && typeof rule.Condition !== "string") d.add(`${at}/Condition`, "The field 'Condition' must be a JSONata expression or a boolean");
  for (const field of ["Condition", "Output"]) checkJsonataValue(d, `${at}/${field}`, rule[field]);
}

function checkJsonPathRule(d: Diagnostics, at: string, rule: Record<string, unknown>, topLevel: boolean): void {
  if (!topLevel && rule.Next !== undefined) d.add(`${at}/Next`, "Nested choice rules cannot have 'Next'");
  if (rule.Condition !== undefined) d.add(`${at}/Condition`, "The field 'Condition' is only supported in JSONata states");
  const combinators = ["And", "Or", "Not"].filter((k) => rule[k] !== undefined);
  const operators = ruleOperators(rule as never);
  const allowed = new Set(["Variable", "Next", "Comment", "Assign", ...combinators, ...operators]);
  for (const key of Object.keys(rule)) if (!allowed.has(key)) d.add(`${at}/${key}`, `The field "${key}" is not supported by Step Functions`);
  if (combinators.length + operators.length !== 1) {
    d.add(at, "A choice rule must have exactly one comparison operator, or one of And, Or, Not");
    return;
  }
  if (combinators.length) {
    if (rule.Variable !== undefined) d.add(`${at}/Variable`, "And, Or and Not rules cannot have 'Variable'");
    const key = combinators[0]!;
    const value = rule[key];
    if (key === "Not") {
      if (!isObject(value)) d.add(`${at}/Not`, "The field 'Not' must be a choice rule object");
      else checkJsonPathRule(d, `${at}/Not`, value, false);
    } else if (!Array.isArray(value) || value.length === 0) {
      d.add(`${at}/${key}`, `The field '${key}' must be a non-empty array of choice rules`);
    } else {
      value.forEach((r, i) => (isObject(r) ? checkJsonPathRule(d, `${at}/${key}/${i}`, r, false) : d.add(`${at}/${key}/${i}`, "A choice rule must be an object")));
    }
    return;
  }
  if (rule.Variable === undefined) d.add(at, "These fields are required: [Variable]");
  else checkPath(d, at, "Variable", rule.Variable);
  const op = operators[0]!;
  checkOperand(d, `${at}/${op}`, op, rule[op]);
}

function checkOperand(d: Diagnostics, at: string, op: string, value: unknown): void {
  const kind = COMPARISON_OPERATORS[op];
  if (kind === undefined) {
    if (typeof value !== "string") d.add(at, `The value for the field '${op}' must be a valid JSONPath`);
    else checkPath(d, at.slice(0, at.lastIndexOf("/")), op, value);
    return;
  }
  const ok =
    kind === "number"
      ? typeof value === "number"
      : kind === "boolean" || kind === "test"
        ? typeof value === "boolean"
        : kind === "timestamp"
          ? parseTimestamp(value) !== null
          : typeof value === "string";
  if (!ok) d.add(at, `The value for the field '${op}' must be ${kind === "timestamp" ? "an RFC 3339 timestamp" : `a ${kind === "test" ? "boolean" : kind === "pattern" ? "string" : kind}`}`);
}
