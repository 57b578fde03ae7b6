import { StatesError, StatesErrors } from "../errors.js";
import type { Json, JsonObject } from "./definition-types.js";
import { evaluateIntrinsic, IntrinsicArgumentError, isIntrinsicInvocation, type IntrinsicEnvironment } from "./intrinsics/index.js";
import { evaluatePath, type PathRoots } from "./json-path.js";

/**
 * A JSONPath-mode payload template (`Parameters`, `ItemSelector`, `ResultSelector`, `Assign`):
 * keys ending in `.$` take the value of a path (`$`, `$$`, `$var`) or an intrinsic call, and lose
 * the suffix; everything else is copied. Compiled once per template; a subtree without `.$` keys
 * is returned as is, shared rather than copied.
 */
export type CompiledTemplate = (roots: PathRoots, env: IntrinsicEnvironment) => Json;

const compiled = new WeakMap<object, CompiledTemplate>();

export function compilePayloadTemplate(template: Json): CompiledTemplate {
  if (template === null || typeof template !== "object") return () => template;
  let fn = compiled.get(template);
  if (!fn) {
    fn = compileNode(template) ?? (() => template);
    compiled.set(template, fn);
  }
  return fn;
}

/** Returns null when the subtree is static. */
function compileNode(node: Json): CompiledTemplate | null {
  if (node === null || typeof node !== "object") return null;
  if (Array.isArray(node)) {
    const items = node.map((item) => compileNode(item));
    if (items.every((i) => i === null)) return null;
    return (roots, env) => items.map((fn, i) => (fn ? fn(roots, env) : node[i]!));
  }
  const entries: [string, CompiledTemplate | null, Json][] = [];
  let dynamic = false;
  for (const [key, value] of Object.entries(node)) {
    if (key.endsWith(".$") && typeof value === "string") {
      entries.push([key.slice(0, -2), dynamicValue(key, value), value]);
      dynamic = true;
    } else {
      const fn = compileNode(value);
      if (fn) dynamic = true;
      entries.push([key, fn, value]);
    }
  }
  if (!dynamic) return null;
  return (roots, env) => {
    const out: JsonObject = {};
    for (const [key, fn, value] of entries) out[key] = fn ? fn(roots, env) : value;
    return out;
  };
}

function dynamicValue(field: string, expression: string): CompiledTemplate {
  if (isIntrinsicInvocation(expression)) {
    return (roots, env) => {
      try {
        return evaluateIntrinsic(expression, roots, env);
      } catch (e) {
        if (e instanceof IntrinsicArgumentError) {
          throw new StatesError(StatesErrors.IntrinsicFailure, `The function '${expression}' specified for the field '${field}' failed: ${e.message}`);
        }
        throw e;
      }
    };
  }
  return (roots) => {
    const r = evaluatePath(expression, roots);
    if (!r.found) {
      throw new StatesError(
        StatesErrors.Runtime,
        `The JSONPath '${expression}' specified for the field '${field}' could not be found in the input '${JSON.stringify(roots.input)}'`,
      );
    }
    return r.value;
  };
}
