import { randomUUID } from "node:crypto";
import jsonata from "jsonata";
import { StatesError, StatesErrors } from "../errors.js";
import type { Json, JsonObject } from "./definition-types.js";
import { INTRINSIC_FUNCTIONS } from "./intrinsics/index.js";
import { seededRandom } from "./intrinsics/math-intrinsics.js";

/** `$states` as JSONata expressions see it. */
export interface StatesBinding {
  input: Json;
  context: Json;
  result?: Json;
  errorOutput?: Json;
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;
const compiled = new Map<string, jsonata.Expression>();

/** The JSONata text inside `{% … %}`, or null when the string is a plain literal. */
export function jsonataExpression(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const m = EXPRESSION.exec(value);
  return m ? m[1]! : null;
}

/** Compiles (and caches) an expression with AWS's extra functions; throws on a syntax error. */
function compileJsonata(text: string): jsonata.Expression {
  let expr = compiled.get(text);
  if (!expr) {
    expr = jsonata(text);
    for (const [name, [impl, signature]] of Object.entries(AWS_FUNCTIONS)) expr.registerFunction(name, impl, signature);
    compiled.set(text, expr);
  }
  return expr;
}

/** Returns the syntax error of an expression, or null when it compiles. */
export function jsonataSyntaxError(text: string): string | null {
  try {
    compileJsonata(text);
    return null;
  } catch (e) {
    return (e as { message?: string }).message ?? String(e);
  }
}

const intrinsicEnv = { uuid: randomUUID };
const viaIntrinsic =
  (name: string) =>
  (...args: Json[]): Json =>
    INTRINSIC_FUNCTIONS[name]!.call(args, intrinsicEnv);

/** AWS's additions to JSONata 2.0, sharing the bodies of the matching intrinsic functions. */
const AWS_FUNCTIONS: Record<string, [(...args: any[]) => unknown, string | undefined]> = {
  partition: [viaIntrinsic("States.ArrayPartition"), "<an:a>"],
  range: [viaIntrinsic("States.ArrayRange"), "<nnn:a>"],
  hash: [viaIntrinsic("States.Hash"), "<xs:s>"],
  random: [(seed?: number) => (seed === undefined ? Math.random() : seededRandom(seed)), "<n?:n>"],
  uuid: [() => randomUUID(), "<:s>"],
  parse: [(text: string) => JSON.parse(text) as unknown, "<s:x>"],
  eval: [
    () => {
      throw new Error("The function $eval is not supported in Step Functions; use $parse");
    },
    undefined,
  ],
};

/**
 * Evaluates one JSONata field value: a `{% %}` string is an expression, an object or array is a
 * template whose `{% %}` strings are evaluated, anything else is a literal. Failures and
 * undefined results raise `States.QueryEvaluationError`.
 */
export async function evaluateJsonataTemplate(
  value: Json | undefined,
  field: string,
  states: StatesBinding,
  variables: Readonly<Record<string, Json>>,
): Promise<Json> {
  if (value === undefined) return null;
  const text = jsonataExpression(value);
  if (text !== null) return evaluateExpression(text, field, states, variables);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const item of value) out.push(await evaluateJsonataTemplate(item, field, states, variables));
    return out;
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = await evaluateJsonataTemplate(v, field, states, variables);
  return out;
}

async function evaluateExpression(
  text: string,
  field: string,
  states: StatesBinding,
  variables: Readonly<Record<string, Json>>,
): Promise<Json> {
  let result: unknown;
  try {
    result = await compileJsonata(text).evaluate(null, { ...variables, states });
  } catch (e) {
    const message = (e as { message?: string }).message ?? String(e);
    throw new StatesError(
      StatesErrors.QueryEvaluationError,
      `The JSONata expression '${text.trim()}' specified for the field '${field}' threw an error: ${message}`,
    );
  }
  if (result === undefined) {
    throw new StatesError(
      StatesErrors.QueryEvaluationError,
      `The JSONata expression '${text.trim()}' specified for the field '${field}' returned nothing (undefined).`,
    );
  }
  return toJson(result);
}

/** JSONata returns arrays tagged as sequences and may return functions; keep plain JSON only. */
function toJson(value: unknown): Json {
  if (value === null || typeof value !== "object") return typeof value === "function" ? null : (value as Json);
  if (Array.isArray(value)) return value.map(toJson);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v);
  return out;
}
