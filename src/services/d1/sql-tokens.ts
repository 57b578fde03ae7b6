import { endOfInertText } from "./sql-statements.js";

/** A token of SQL text: a word (keyword or bare name), a quoted name, a string literal or one other character. */
export interface SqlToken {
  kind: "word" | "name" | "string" | "symbol";
  /** A word as written; a quoted name or string without its quotes; a symbol's character. */
  text: string;
  /** Where the token starts in the text. */
  start: number;
}

/** SQLite's identifier characters, `$` included after the first. */
const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
/** A number, kept whole so `1.5e3` is one word. */
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+/y;

/** The tokens of `sql`, comments and whitespace left out. */
export function sqlTokens(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i]!;
    const inertEnd = endOfInertText(sql, i);
    if (inertEnd !== undefined) {
      if (char === "'") tokens.push({ kind: "string", text: unquoted(sql.slice(i, inertEnd + 1)), start: i });
      else if (char !== "-" && char !== "/") tokens.push({ kind: "name", text: unquoted(sql.slice(i, inertEnd + 1)), start: i });
      i = inertEnd;
      continue;
    }
    if (/\s/.test(char)) continue;
    const word = matchAt(WORD, sql, i) ?? matchAt(NUMBER, sql, i);
    if (word !== undefined) {
      tokens.push({ kind: "word", text: word, start: i });
      i += word.length - 1;
    } else {
      tokens.push({ kind: "symbol", text: char, start: i });
    }
  }
  return tokens;
}

/** The first word of `sql` in upper case, past whitespace and comments; undefined when it starts with no word. */
export function firstWord(sql: string): string | undefined {
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i]!;
    if (/\s/.test(char)) continue;
    const inertEnd = endOfInertText(sql, i);
    if (inertEnd !== undefined && (char === "-" || char === "/")) {
      i = inertEnd;
      continue;
    }
    return matchAt(WORD, sql, i)?.toUpperCase();
  }
  return undefined;
}

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

/** Quoted text without its quotes, a doubled quote inside it read as one. */
function unquoted(quoted: string): string {
  const open = quoted[0]!;
  const close = open === "[" ? "]" : open;
  const inner = quoted.endsWith(close) && quoted.length > 1 ? quoted.slice(1, -1) : quoted.slice(1);
  return open === "[" ? inner : inner.split(close + close).join(close);
}
