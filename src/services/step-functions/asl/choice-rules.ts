import { StatesError, StatesErrors } from "../errors.js";
import type { ChoiceRule, Json } from "./definition-types.js";
import { evaluatePath, type PathRoots } from "./json-path.js";
import { parseTimestamp } from "./timestamp.js";

type Operand = "string" | "number" | "boolean" | "timestamp" | "pattern" | "test";

/** Every JSONPath-mode comparison operator with the type of its operand (without `…Path`). */
export const COMPARISON_OPERATORS: Readonly<Record<string, Operand>> = {
  StringEquals: "string",
  StringLessThan: "string",
  StringGreaterThan: "string",
  StringLessThanEquals: "string",
  StringGreaterThanEquals: "string",
  StringMatches: "pattern",
  NumericEquals: "number",
  NumericLessThan: "number",
  NumericGreaterThan: "number",
  NumericLessThanEquals: "number",
  NumericGreaterThanEquals: "number",
  BooleanEquals: "boolean",
  TimestampEquals: "timestamp",
  TimestampLessThan: "timestamp",
  TimestampGreaterThan: "timestamp",
  TimestampLessThanEquals: "timestamp",
  TimestampGreaterThanEquals: "timestamp",
  IsNull: "test",
  IsPresent: "test",
  IsNumeric: "test",
  IsString: "test",
  IsBoolean: "test",
  IsTimestamp: "test",
};

/** Operators that also have a `…Path` form comparing against another value of the input. */
function hasPathVariant(op: string): boolean {
  const kind = COMPARISON_OPERATORS[op];
  return kind !== undefined && kind !== "test" && kind !== "pattern";
}

/** The comparison operator named in a rule (a key of the rule), or the keys that look like one. */
export function ruleOperators(rule: ChoiceRule): string[] {
  return Object.keys(rule).filter(
    (k) => COMPARISON_OPERATORS[k] !== undefined || (k.endsWith("Path") && hasPathVariant(k.slice(0, -4))),
  );
}

export type ChoicePredicate = (roots: PathRoots) => boolean;

const compiled = new WeakMap<ChoiceRule, ChoicePredicate>();

/** Compiles a (validated) JSONPath-mode rule into a predicate over the state's input. */
export function compileChoiceRule(rule: ChoiceRule): ChoicePredicate {
  let fn = compiled.get(rule);
  if (!fn) {
    fn = compile(rule);
    compiled.set(rule, fn);
  }
  return fn;
}

function compile(rule: ChoiceRule): ChoicePredicate {
  if (rule.And) {
    const parts = rule.And.map(compile);
    return (roots) => parts.every((p) => p(roots));
  }
  if (rule.Or) {
    const parts = rule.Or.map(compile);
    return (roots) => parts.some((p) => p(roots));
  }
  if (rule.Not) {
    const inner = compile(rule.Not);
    return (roots) => !inner(roots);
  }
  const variable = rule.Variable!;
  const op = ruleOperators(rule)[0]!;
  const isPath = COMPARISON_OPERATORS[op] === undefined;
  const base = isPath ? op.slice(0, -4) : op;
  const operand = rule[op] as Json;
  if (base === "IsPresent") {
    return (roots) => evaluatePath(variable, roots).found === operand;
  }
  const test = comparison(base, operand);
  return (roots) => {
    const value = lookup(variable, roots);
    const expected = isPath ? lookup(operand as string, roots) : operand;
    return test(value, expected);
  };
}

function lookup(path: string, roots: PathRoots): Json {
  const r = evaluatePath(path, roots);
  if (!r.found) {
    throw new StatesError(StatesErrors.Runtime, `Invalid path '${path}': The choice state's condition path references an invalid value.`);
  }
  return r.value;
}

type Test = (value: Json, expected: Json) => boolean;

const ORDER: Record<string, (a: number | string, b: number | string) => boolean> = {
  Equals: (a, b) => a === b,
  LessThan: (a, b) => a < b,
  GreaterThan: (a, b) => a > b,
  LessThanEquals: (a, b) => a <= b,
  GreaterThanEquals: (a, b) => a >= b,
};

/** Reads a comparable from a value of the operator's type; null when the type differs. */
const READERS: Record<string, (v: Json) => number | string | boolean | null> = {
  String: (v) => (typeof v === "string" ? v : null),
  Numeric: (v) => (typeof v === "number" ? v : null),
  Boolean: (v) => (typeof v === "boolean" ? v : null),
  Timestamp: parseTimestamp,
};

const TYPE_TESTS: Record<string, (v: Json) => boolean> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === "number",
  IsString: (v) => typeof v === "string",
  IsBoolean: (v) => typeof v === "boolean",
  IsTimestamp: (v) => parseTimestamp(v) !== null,
};

/** A comparison is false, not an error, when either side is not of the operator's type. */
function comparison(op: string, literal: Json): Test {
  const typeTest = TYPE_TESTS[op];
  if (typeTest) return (v, e) => typeTest(v) === e;
  if (op === "StringMatches") {
    const re = wildcardPattern(literal as string);
    return (v) => typeof v === "string" && re.test(v);
  }
  const [, kind, relation] = /^(String|Numeric|Boolean|Timestamp)(.+)$/.exec(op)!;
  const read = READERS[kind!]!;
  const order = ORDER[relation!]!;
  return (v, e) => {
    const a = read(v);
    const b = read(e);
    return a !== null && b !== null && order(a as number | string, b as number | string);
  };
}

/** `StringMatches`: `*` matches any run of characters; `\*` and `\\` are a literal `*` and `\`. */
export function wildcardPattern(pattern: string): RegExp {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && (pattern[i + 1] === "*" || pattern[i + 1] === "\\")) {
      re += "\\" + pattern[++i];
    } else if (c === "*") {
      re += "[\\s\\S]*";
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  return new RegExp(re + "$");
}
