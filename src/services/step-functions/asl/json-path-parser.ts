import type { Json } from "./definition-types.js";
import { TextScanner } from "./text-scanner.js";

/**
 * The JSONPath subset AWS Step Functions accepts (Jayway semantics): `$` is the state input, `$$`
 * the context object, `$name` a workflow variable. Segments: `.name`, `['name']`, `[n]` (negative
 * counts from the end), `[*]`/`.*`, `..name`, `[a,b]`, `[start:end]` and `[?(@.x op value)]`
 * filters. A path with any of the last four is indefinite and yields an array of matches.
 */
export type PathRoot = { kind: "input" } | { kind: "context" } | { kind: "variable"; name: string };

export type PathSegment =
  | { t: "prop"; name: string }
  | { t: "index"; index: number }
  | { t: "wild" }
  | { t: "desc"; name: string | null }
  | { t: "union"; keys: (string | number)[] }
  | { t: "slice"; start: number | null; end: number | null; step: number }
  | { t: "filter"; test: FilterExpression };

export interface ParsedPath {
  source: string;
  root: PathRoot;
  segments: PathSegment[];
  /** True when the path selects at most one node (no wildcard, descent, union, slice or filter). */
  definite: boolean;
}

export type FilterOperand = { path: PathSegment[] } | { literal: Json };
export type FilterExpression =
  | { op: "&&" | "||"; left: FilterExpression; right: FilterExpression }
  | { op: "!"; operand: FilterExpression }
  | { op: "exists"; operand: FilterOperand }
  | { op: "==" | "!=" | "<" | "<=" | ">" | ">="; left: FilterOperand; right: FilterOperand };

export class JsonPathSyntaxError extends Error {}

const cache = new Map<string, ParsedPath>();
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Parses (and caches) a path; throws `JsonPathSyntaxError` naming the problem. */
export function parsePath(source: string): ParsedPath {
  let parsed = cache.get(source);
  if (parsed === undefined) {
    parsed = new PathParser(source).parse();
    cache.set(source, parsed);
  }
  return parsed;
}

/** A reference path: a definite path (no wildcard, filter, slice or union) rooted at `$`. */
export function isReferencePath(source: string): boolean {
  try {
    const parsed = parsePath(source);
    return parsed.definite && parsed.root.kind === "input";
  } catch {
    return false;
  }
}

export function isValidPath(source: string): boolean {
  try {
    parsePath(source);
    return true;
  } catch {
    return false;
  }
}

class PathParser extends TextScanner {

  parse(): ParsedPath {
    const root = this.#root();
    const segments = this.#segments(false);
    if (this.pos !== this.text.length) this.fail(`unexpected '${this.text[this.pos]}'`);
    const definite = segments.every((s) => s.t === "prop" || s.t === "index");
    return { source: this.text, root, segments, definite };
  }

  #root(): PathRoot {
    const s = this.text;
    if (s[0] !== "$") this.fail("a path must start with '$'");
    if (s[1] === "$") {
      this.pos = 2;
      return { kind: "context" };
    }
    const ident = IDENT.exec(s.slice(1));
    if (ident) {
      this.pos = 1 + ident[0].length;
      return { kind: "variable", name: ident[0] };
    }
    this.pos = 1;
    return { kind: "input" };
  }

  #segments(inFilter: boolean): PathSegment[] {
    const out: PathSegment[] = [];
    const s = this.text;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === "." && s[this.pos + 1] === ".") {
        this.pos += 2;
        if (s[this.pos] === "*") {
          this.pos++;
          out.push({ t: "desc", name: null });
        } else if (s[this.pos] === "[") {
          out.push({ t: "desc", name: null });
        } else {
          out.push({ t: "desc", name: this.#name(inFilter) });
        }
      } else if (c === ".") {
        this.pos++;
        if (s[this.pos] === "*") {
          this.pos++;
          out.push({ t: "wild" });
        } else if (s[this.pos] === "[") {
          // AWS accepts `$.abc.['def ghi']`.
          continue;
        } else {
          out.push({ t: "prop", name: this.#name(inFilter) });
        }
      } else if (c === "[") {
        this.pos++;
        out.push(this.#bracket());
      } else {
        break;
      }
    }
    return out;
  }

  #name(inFilter: boolean): string {
    const s = this.text;
    const start = this.pos;
    const stop = inFilter ? /[.[\s=!<>&|)]/ : /[.[]/;
    while (this.pos < s.length && !stop.test(s[this.pos]!)) this.pos++;
    if (this.pos === start) this.fail("empty field name");
    return s.slice(start, this.pos);
  }

  #bracket(): PathSegment {
    const s = this.text;
    this.skipSpaces();
    if (s[this.pos] === "*") {
      this.pos++;
      this.expect("]");
      return { t: "wild" };
    }
    if (s[this.pos] === "?") {
      this.pos++;
      this.skipSpaces();
      this.expect("(");
      const test = this.#filterOr();
      this.skipSpaces();
      this.expect(")");
      this.skipSpaces();
      this.expect("]");
      return { t: "filter", test };
    }
    const keys: (string | number)[] = [];
    let slice: (number | null)[] | null = null;
    for (;;) {
      this.skipSpaces();
      const c = s[this.pos];
      if (c === "'" || c === '"') {
        keys.push(this.#quoted());
      } else if (c === ":" || c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
        const parts: (number | null)[] = [this.#optInt()];
        while (s[this.pos] === ":") {
          this.pos++;
          parts.push(this.#optInt());
        }
        if (parts.length > 1) slice = parts;
        else if (parts[0] === null) this.fail("expected an index");
        else keys.push(parts[0]!);
      } else {
        this.fail("expected a quoted name, an index, '*' or a filter");
      }
      this.skipSpaces();
      if (s[this.pos] === ",") {
        this.pos++;
        continue;
      }
      this.expect("]");
      break;
    }
    if (slice) {
      if (keys.length) this.fail("a slice cannot be combined with other selectors");
      return { t: "slice", start: slice[0] ?? null, end: slice[1] ?? null, step: slice[2] ?? 1 };
    }
    if (keys.length === 1) {
      const k = keys[0]!;
      return typeof k === "number" ? { t: "index", index: k } : { t: "prop", name: k };
    }
    return { t: "union", keys };
  }

  #optInt(): number | null {
    const m = /^-?\d+/.exec(this.text.slice(this.pos));
    if (!m) return null;
    this.pos += m[0].length;
    return Number(m[0]);
  }

  #quoted(): string {
    const s = this.text;
    const q = s[this.pos++];
    let out = "";
    while (this.pos < s.length && s[this.pos] !== q) {
      if (s[this.pos] === "\\" && this.pos + 1 < s.length) this.pos++;
      out += s[this.pos++];
    }
    if (s[this.pos] !== q) this.fail("unterminated string");
    this.pos++;
    return out;
  }

  #filterOr(): FilterExpression {
    return this.#chain("||", () => this.#filterAnd());
  }

  #filterAnd(): FilterExpression {
    return this.#chain("&&", () => this.#filterUnary());
  }

  #chain(op: "||" | "&&", operand: () => FilterExpression): FilterExpression {
    let left = operand();
    for (;;) {
      this.skipSpaces();
      if (!this.text.startsWith(op, this.pos)) return left;
      this.pos += 2;
      left = { op, left, right: operand() };
    }
  }

  #filterUnary(): FilterExpression {
    this.skipSpaces();
    const s = this.text;
    if (s[this.pos] === "!") {
      this.pos++;
      return { op: "!", operand: this.#filterUnary() };
    }
    if (s[this.pos] === "(") {
      this.pos++;
      const inner = this.#filterOr();
      this.skipSpaces();
      this.expect(")");
      return inner;
    }
    const left = this.#operand();
    this.skipSpaces();
    const m = /^(==|!=|<=|>=|<|>)/.exec(s.slice(this.pos));
    if (!m) return { op: "exists", operand: left };
    this.pos += m[0].length;
    this.skipSpaces();
    return { op: m[0] as "==", left, right: this.#operand() };
  }

  #operand(): FilterOperand {
    const s = this.text;
    const c = s[this.pos];
    if (c === "@") {
      this.pos++;
      return { path: this.#segments(true) };
    }
    if (c === "'" || c === '"') return { literal: this.#quoted() };
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(s.slice(this.pos));
    if (!m) this.fail("expected '@', a string, a number, true, false or null in the filter");
    this.pos += m![0].length;
    return { literal: JSON.parse(m![0]) as Json };
  }



  protected fail(why: string): never {
    throw new JsonPathSyntaxError(`Invalid JSONPath '${this.text}': ${why} at position ${this.pos}`);
  }
}

