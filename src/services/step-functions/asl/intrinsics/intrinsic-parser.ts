import type { Json } from "../definition-types.js";
import { JsonPathSyntaxError, parsePath, type ParsedPath } from "../json-path-parser.js";
import { TextScanner } from "../text-scanner.js";

/** An argument of an intrinsic call, as parsed from the `.$` string. */
export type IntrinsicArgument =
  | { kind: "literal"; value: Json; formatParts?: string[] }
  | { kind: "path"; path: ParsedPath }
  | IntrinsicCall;

export interface IntrinsicCall {
  kind: "call";
  name: string;
  args: IntrinsicArgument[];
}

/** AWS allows at most 10 intrinsic functions nested within one field. */
export const MAX_INTRINSIC_NESTING = 10;

export class IntrinsicSyntaxError extends Error {}

const cache = new Map<string, IntrinsicCall>();

export function isIntrinsicInvocation(text: string): boolean {
  return text.startsWith("States.");
}

/** Parses (and caches) `States.Name(arg, …)`; throws `IntrinsicSyntaxError` on bad syntax. */
export function parseIntrinsic(text: string): IntrinsicCall {
  let call = cache.get(text);
  if (call === undefined) {
    const parser = new IntrinsicParser(text);
    call = parser.parseCall(1);
    parser.end();
    cache.set(text, call);
  }
  return call;
}

class IntrinsicParser extends TextScanner {

  end(): void {
    this.skipSpaces();
    if (this.pos !== this.text.length) this.fail(`unexpected '${this.text.slice(this.pos)}'`);
  }

  parseCall(depth: number): IntrinsicCall {
    if (depth > MAX_INTRINSIC_NESTING) this.fail(`more than ${MAX_INTRINSIC_NESTING} nested intrinsic functions`);
    const m = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.pos));
    if (!m) this.fail("expected an intrinsic function name such as States.Format");
    this.pos += m![0].length;
    this.skipSpaces();
    this.expect("(");
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.text[this.pos] === ")") {
      this.pos++;
      return { kind: "call", name: m![0], args };
    }
    for (;;) {
      this.skipSpaces();
      args.push(this.#argument(depth));
      this.skipSpaces();
      const c = this.text[this.pos++];
      if (c === ")") return { kind: "call", name: m![0], args };
      if (c !== ",") this.fail("expected ',' or ')'");
    }
  }

  #argument(depth: number): IntrinsicArgument {
    const rest = this.text.slice(this.pos);
    if (rest.startsWith("'")) return this.#string();
    if (rest.startsWith("States.")) return this.parseCall(depth + 1);
    if (rest.startsWith("$")) return this.#path();
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)(?=\s*[,)])/.exec(rest);
    if (!m) this.fail("expected a string, a number, a boolean, null, a path or an intrinsic function");
    this.pos += m![0].length;
    return { kind: "literal", value: JSON.parse(m![0]) as Json };
  }

  #string(): IntrinsicArgument {
    const t = this.text;
    this.pos++;
    let value = "";
    let part = "";
    const parts: string[] = [];
    for (;;) {
      if (this.pos >= t.length) this.fail("unterminated string literal");
      const c = t[this.pos++]!;
      if (c === "'") break;
      if (c === "\\") {
        const e = t[this.pos++];
        if (e !== "'" && e !== "{" && e !== "}" && e !== "\\") this.fail("open escape character '\\'");
        value += e;
        part += e;
      } else if (c === "{" && t[this.pos] === "}") {
        this.pos++;
        value += "{}";
        parts.push(part);
        part = "";
      } else {
        value += c;
        part += c;
      }
    }
    parts.push(part);
    return { kind: "literal", value, formatParts: parts };
  }

  #path(): IntrinsicArgument {
    const t = this.text;
    const start = this.pos;
    let depth = 0;
    let quote: string | null = null;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === "[" || c === "(") depth++;
      else if (c === "]" || (c === ")" && depth > 0)) depth--;
      else if (depth === 0 && (c === "," || c === ")")) break;
      this.pos++;
    }
    const source = t.slice(start, this.pos).trim();
    try {
      return { kind: "path", path: parsePath(source) };
    } catch (e) {
      if (e instanceof JsonPathSyntaxError) this.fail(e.message);
      throw e;
    }
  }



  protected fail(why: string): never {
    throw new IntrinsicSyntaxError(`Invalid intrinsic function '${this.text}': ${why}`);
  }
}
