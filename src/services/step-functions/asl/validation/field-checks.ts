import { checkIntrinsic, IntrinsicSyntaxError, isIntrinsicInvocation, parseIntrinsic } from "../intrinsics/index.js";
import { jsonataExpression, jsonataSyntaxError } from "../jsonata-evaluator.js";
import { isReferencePath, isValidPath } from "../json-path-parser.js";
import { isInteger, isObject, type Diagnostics } from "./diagnostics.js";

/** A path field (`InputPath`, `OutputPath`, …): a valid path, or `null` when `nullable`. */
export function checkPath(d: Diagnostics, at: string, field: string, value: unknown, { reference = false, nullable = false } = {}): void {
  if (value === undefined) return;
  if (value === null && nullable) return;
  if (typeof value !== "string" || !(reference ? isReferencePath(value) : isValidPath(value))) {
    d.add(`${at}/${field}`, `The value for the field '${field}' must be a valid ${reference ? "Reference Path" : "JSONPath"}`);
  }
}

/** A `.$` value: a path or an intrinsic function call with known names and argument counts. */
export function checkDynamicValue(d: Diagnostics, at: string, key: string, value: unknown): void {
  if (typeof value !== "string") {
    d.add(at, `The value for the field '${key}' must be a STRING that contains a JSONPath or an intrinsic function`);
    return;
  }
  if (isIntrinsicInvocation(value)) {
    try {
      for (const problem of checkIntrinsic(parseIntrinsic(value))) d.add(at, `The value for the field '${key}' is not a valid intrinsic function: ${problem}`);
    } catch (e) {
      if (!(e instanceof IntrinsicSyntaxError)) throw e;
      d.add(at, e.message);
    }
  } else if (!isValidPath(value)) {
    d.add(at, `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`);
  }
}

/** A JSONPath payload template: every `.$` key checked, nested objects and arrays included. */
export function checkPayloadTemplate(d: Diagnostics, at: string, template: unknown): void {
  if (Array.isArray(template)) {
    template.forEach((item, i) => checkPayloadTemplate(d, `${at}/${i}`, item));
    return;
  }
  if (!isObject(template)) return;
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$")) checkDynamicValue(d, `${at}/${key}`, key, value);
    else checkPayloadTemplate(d, `${at}/${key}`, value);
  }
}

/** A JSONata field value: every `{% %}` string must compile. */
export function checkJsonataValue(d: Diagnostics, at: string, value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkJsonataValue(d, `${at}/${i}`, item));
    return;
  }
  if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) checkJsonataValue(d, `${at}/${key}`, v);
    return;
  }
  const text = jsonataExpression(value);
  if (text === null) return;
  const error = jsonataSyntaxError(text);
  if (error) d.add(at, `The JSONata expression '${text.trim()}' is invalid: ${error}`);
}

/** A number field that JSONata states may also give as a `{% %}` expression. */
export function checkNumber(
  d: Diagnostics,
  at: string,
  field: string,
  value: unknown,
  { min, max = Number.MAX_SAFE_INTEGER, integer = true, jsonata }: { min: number; max?: number; integer?: boolean; jsonata: boolean },
): void {
  if (value === undefined) return;
  if (jsonata && jsonataExpression(value) !== null) return checkJsonataValue(d, `${at}/${field}`, value);
  const ok = typeof value === "number" && (!integer || isInteger(value)) && value >= min && value <= max;
  if (!ok) d.add(`${at}/${field}`, `The value for the field '${field}' must be ${integer ? "an integer" : "a number"} between ${min} and ${max}`);
}

/** Two fields of which at most one may be set, e.g. `TimeoutSeconds` and `TimeoutSecondsPath`. */
export function checkExclusive(d: Diagnostics, at: string, state: Record<string, unknown>, a: string, b: string): void {
  if (state[a] !== undefined && state[b] !== undefined) d.add(at, `The fields '${a}' and '${b}' cannot both be set`);
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An `Assign` object: an object whose keys (less a JSONPath `.$` suffix) are variable names,
 * `states` being reserved; its values checked as a payload template or JSONata.
 */
export function checkAssign(d: Diagnostics, at: string, assign: unknown, jsonata: boolean): void {
  if (assign === undefined) return;
  if (!isObject(assign)) return d.add(at, "The field 'Assign' must be an object");
  for (const key of Object.keys(assign)) {
    const name = !jsonata && key.endsWith(".$") ? key.slice(0, -2) : key;
    if (!VARIABLE_NAME.test(name) || name === "states") d.add(`${at}/${key}`, `'${name}' is not a valid variable name`);
  }
  if (jsonata) checkJsonataValue(d, at, assign);
  else checkPayloadTemplate(d, at, assign);
}
