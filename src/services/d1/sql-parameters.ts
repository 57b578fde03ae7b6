import { endOfInertText } from "./sql-statements.js";

/** The parameters of one SQL statement, numbered as SQLite numbers them. */
export interface ParameterSlots {
  /** How many values the statement takes: its largest parameter number. */
  count: number;
  /** Each named parameter's name (`:a`, `@a`, `$a`, `?3`) by its number; the other numbers are anonymous. */
  names: ReadonlyMap<number, string>;
}

const DIGITS = /\d*/y;
/** SQLite's identifier characters, `$` included, so `a$b` is one word and not a parameter. */
const WORD = /[A-Za-z0-9_$\u0080-\uffff]*/y;
const WORD_START = /[A-Za-z_\u0080-\uffff]/;

/**
 * Finds a statement's parameters as SQLite numbers them: `?` takes the next number, `?NNN` the
 * number NNN, and `:name`, `@name` or `$name` the next number where the name first appears and
 * the same number wherever it appears again. Comments, quoted text and bracketed names hold none.
 */
export function parameterSlots(sql: string): ParameterSlots {
  const names = new Map<number, string>();
  const numberOfName = new Map<string, number>();
  let count = 0;
  for (let i = 0; i < sql.length; i++) {
    const inertEnd = endOfInertText(sql, i);
    if (inertEnd !== undefined) {
      i = inertEnd;
      continue;
    }
    const char = sql[i]!;
    if (WORD_START.test(char)) {
      i = matchEnd(WORD, sql, i) - 1;
    } else if (char === "?") {
      const end = matchEnd(DIGITS, sql, i + 1);
      if (end === i + 1) {
        count++;
      } else {
        const number = Number(sql.slice(i + 1, end));
        if (!names.has(number)) names.set(number, sql.slice(i, end));
        count = Math.max(count, number);
      }
      i = end - 1;
    } else if (char === ":" || char === "@" || char === "$") {
      const end = matchEnd(WORD, sql, i + 1);
      if (end === i + 1) continue;
      const name = sql.slice(i, end);
      if (!numberOfName.has(name)) {
        numberOfName.set(name, ++count);
        names.set(count, name);
      }
      i = end - 1;
    }
  }
  return { count, names };
}

/** Where `pattern`, a sticky regular expression, stops matching `text` from `start`. */
function matchEnd(pattern: RegExp, text: string, start: number): number {
  pattern.lastIndex = start;
  pattern.exec(text);
  return pattern.lastIndex;
}
