import type { Json } from "../definition-types.js";
import { evaluatePath, type PathRoots } from "../json-path.js";
import { arrayIntrinsics } from "./array-intrinsics.js";
import { encodingIntrinsics } from "./encoding-intrinsics.js";
import { IntrinsicArgumentError, type IntrinsicEnvironment, type IntrinsicFunction } from "./intrinsic-function.js";
import { parseIntrinsic, type IntrinsicArgument, type IntrinsicCall } from "./intrinsic-parser.js";
import { jsonIntrinsics } from "./json-intrinsics.js";
import { mathIntrinsics } from "./math-intrinsics.js";
import { stringIntrinsics } from "./string-intrinsics.js";

export { isIntrinsicInvocation, IntrinsicSyntaxError, MAX_INTRINSIC_NESTING, parseIntrinsic } from "./intrinsic-parser.js";
export { IntrinsicArgumentError, type IntrinsicEnvironment } from "./intrinsic-function.js";

/** All 18 intrinsic functions by name. */
export const INTRINSIC_FUNCTIONS: Readonly<Record<string, IntrinsicFunction>> = {
  ...arrayIntrinsics,
  ...encodingIntrinsics,
  ...jsonIntrinsics,
  ...mathIntrinsics,
  ...stringIntrinsics,
};

/** Checks names and argument counts of a parsed call tree; returns the problems found. */
export function checkIntrinsic(call: IntrinsicCall): string[] {
  const fn = INTRINSIC_FUNCTIONS[call.name];
  if (!fn) return [`Unknown intrinsic function '${call.name}'`];
  const problems: string[] = [];
  if (call.args.length < fn.minArgs || call.args.length > fn.maxArgs) {
    const want = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
    problems.push(`${call.name} takes ${want} arguments, got ${call.args.length}`);
  }
  for (const arg of call.args) if (arg.kind === "call") problems.push(...checkIntrinsic(arg));
  return problems;
}

/**
 * Evaluates `States.…(…)` against the state's input, context and variables. Throws
 * `IntrinsicArgumentError` for a bad argument or a path that selects nothing.
 */
export function evaluateIntrinsic(text: string, roots: PathRoots, env: IntrinsicEnvironment): Json {
  return evaluateCall(parseIntrinsic(text), roots, env);
}

function evaluateCall(call: IntrinsicCall, roots: PathRoots, env: IntrinsicEnvironment): Json {
  const fn = INTRINSIC_FUNCTIONS[call.name];
  if (!fn) throw new IntrinsicArgumentError(`Unknown intrinsic function '${call.name}'`);
  if (call.args.length < fn.minArgs || call.args.length > fn.maxArgs) {
    throw new IntrinsicArgumentError(`${call.name}: wrong number of arguments (${call.args.length})`);
  }
  const args = call.args.map((a) => evaluateArgument(a, roots, env));
  const first = call.args[0];
  const formatParts = first?.kind === "literal" ? first.formatParts : undefined;
  return fn.call(args, env, formatParts);
}

function evaluateArgument(arg: IntrinsicArgument, roots: PathRoots, env: IntrinsicEnvironment): Json {
  if (arg.kind === "literal") return arg.value;
  if (arg.kind === "call") return evaluateCall(arg, roots, env);
  const r = evaluatePath(arg.path, roots);
  if (!r.found) throw new IntrinsicArgumentError(`the path '${arg.path.source}' selects nothing`);
  return r.value;
}
