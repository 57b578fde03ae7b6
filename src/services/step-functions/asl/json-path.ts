import type { Json, JsonObject } from "./definition-types.js";
import { parsePath, type FilterExpression, type FilterOperand, type ParsedPath, type PathSegment } from "./json-path-parser.js";

/** Where a path's root points: the state input, the context object and the workflow variables. */
export interface PathRoots {
  input: Json;
  context?: Json;
  variables?: Readonly<Record<string, Json>>;
}

export type PathResult = { found: true; value: Json } | { found: false };
const NOT_FOUND: PathResult = { found: false };

/**
 * Evaluates a path. A definite path yields its single node or `found: false`; an indefinite one
 * always yields the (possibly empty) array of matches, as Jayway does.
 */
export function evaluatePath(source: string | ParsedPath, roots: PathRoots): PathResult {
  const path = typeof source === "string" ? parsePath(source) : source;
  let root: Json | undefined;
  switch (path.root.kind) {
    case "input":
      root = roots.input;
      break;
    case "context":
      root = roots.context;
      break;
    case "variable":
      root = roots.variables?.[path.root.name];
      break;
  }
  if (root === undefined) return NOT_FOUND;
  if (path.definite) {
    let node: Json | undefined = root;
    for (const seg of path.segments) {
      node = step(node, seg as { t: "prop"; name: string } | { t: "index"; index: number });
      if (node === undefined) return NOT_FOUND;
    }
    return { found: true, value: node };
  }
  return { found: true, value: select([root], path.segments) };
}

function step(node: Json | undefined, seg: { t: "prop"; name: string } | { t: "index"; index: number }): Json | undefined {
  if (node === null || typeof node !== "object") return undefined;
  if (seg.t === "prop") {
    if (Array.isArray(node)) return undefined;
    return Object.prototype.hasOwnProperty.call(node, seg.name) ? node[seg.name] : undefined;
  }
  if (!Array.isArray(node)) return undefined;
  return node[seg.index < 0 ? node.length + seg.index : seg.index];
}

function children(node: Json): Json[] {
  if (node === null || typeof node !== "object") return [];
  return Array.isArray(node) ? node : Object.values(node);
}

function select(nodes: Json[], segments: PathSegment[]): Json[] {
  let current = nodes;
  for (const seg of segments) {
    const next: Json[] = [];
    for (const node of current) applySegment(node, seg, next);
    current = next;
  }
  return current;
}

function applySegment(node: Json, seg: PathSegment, out: Json[]): void {
  switch (seg.t) {
    case "prop":
    case "index": {
      const v = step(node, seg);
      if (v !== undefined) out.push(v);
      return;
    }
    case "wild":
      out.push(...children(node));
      return;
    case "union":
      for (const k of seg.keys) {
        const v = step(node, typeof k === "number" ? { t: "index", index: k } : { t: "prop", name: k });
        if (v !== undefined) out.push(v);
      }
      return;
    case "slice": {
      if (!Array.isArray(node)) return;
      const n = node.length;
      const norm = (i: number) => (i < 0 ? Math.max(0, n + i) : Math.min(n, i));
      const start = seg.start === null ? 0 : norm(seg.start);
      const end = seg.end === null ? n : norm(seg.end);
      for (let i = start; i < end; i += Math.max(1, seg.step)) out.push(node[i]!);
      return;
    }
    case "filter":
      for (const child of children(node)) if (testFilter(seg.test, child)) out.push(child);
      return;
    case "desc":
      descend(node, seg.name, out);
      return;
  }
}

function descend(node: Json, name: string | null, out: Json[]): void {
  if (node === null || typeof node !== "object") return;
  if (name === null) {
    for (const child of children(node)) {
      out.push(child);
      descend(child, null, out);
    }
    return;
  }
  if (!Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, name)) out.push(node[name]!);
  for (const child of children(node)) descend(child, name, out);
}

function operandValue(operand: FilterOperand, item: Json): Json | undefined {
  if ("literal" in operand) return operand.literal;
  let node: Json | undefined = item;
  for (const seg of operand.path) {
    if (seg.t !== "prop" && seg.t !== "index") return undefined;
    node = step(node, seg);
    if (node === undefined) return undefined;
  }
  return node;
}

function testFilter(expr: FilterExpression, item: Json): boolean {
  switch (expr.op) {
    case "&&":
      return testFilter(expr.left, item) && testFilter(expr.right, item);
    case "||":
      return testFilter(expr.left, item) || testFilter(expr.right, item);
    case "!":
      return !testFilter(expr.operand, item);
    case "exists":
      return operandValue(expr.operand, item) !== undefined;
    default: {
      const a = operandValue(expr.left, item);
      const b = operandValue(expr.right, item);
      if (a === undefined || b === undefined) return false;
      if (expr.op === "==") return jsonEquals(a, b);
      if (expr.op === "!=") return !jsonEquals(a, b);
      if (typeof a !== typeof b || (typeof a !== "number" && typeof a !== "string")) return false;
      const x = a as number | string;
      const y = b as number | string;
      return expr.op === "<" ? x < y : expr.op === "<=" ? x <= y : expr.op === ">" ? x > y : x >= y;
    }
  }
}

/** Deep equality of two JSON values (object key order ignored). */
export function jsonEquals(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    return a.length === bb.length && a.every((v, i) => jsonEquals(v, bb[i]!));
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const keys = Object.keys(ao);
  if (keys.length !== Object.keys(bo).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEquals(ao[k]!, bo[k]!));
}

export class ReferencePathMismatch extends Error {}

/**
 * Returns a copy of `target` with `value` placed at the reference path, creating missing
 * intermediate objects; only the objects along the path are copied. Throws
 * `ReferencePathMismatch` when an existing node on the way is not an object (or the index is
 * outside an array).
 */
export function setAtReferencePath(target: Json, source: string, value: Json): Json {
  const path = parsePath(source);
  return setIn(target, path.segments, 0, value, source);
}

function setIn(node: Json | undefined, segs: PathSegment[], i: number, value: Json, source: string): Json {
  if (i === segs.length) return value;
  const seg = segs[i]!;
  if (seg.t === "prop") {
    if (node !== undefined && (node === null || typeof node !== "object" || Array.isArray(node))) {
      throw new ReferencePathMismatch(source);
    }
    const base: JsonObject = node ?? {};
    return { ...base, [seg.name]: setIn(base[seg.name], segs, i + 1, value, source) };
  }
  if (seg.t === "index" && Array.isArray(node)) {
    const index = seg.index < 0 ? node.length + seg.index : seg.index;
    if (index < 0 || index >= node.length) throw new ReferencePathMismatch(source);
    const copy = node.slice();
    copy[index] = setIn(node[index], segs, i + 1, value, source);
    return copy;
  }
  throw new ReferencePathMismatch(source);
}
