/**
 * Splits SQL text into its statements, as SQLite would read them: semicolons inside quotes,
 * brackets and comments do not end a statement, and text that is only comments or semicolons is
 * no statement at all (D1 skips it where SQLite would refuse it). A trigger's body, `BEGIN … END`,
 * stays inside its `CREATE TRIGGER`.
 */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let meaningful = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const inertEnd = endOfInertText(text, i);
    if (inertEnd !== undefined) {
      if (!startsComment(text, i)) meaningful = true;
      i = inertEnd;
    } else if (char === ";") {
      if (insideTriggerBody(text.slice(start, i))) continue;
      if (meaningful) statements.push(text.slice(start, i + 1).trim());
      start = i + 1;
      meaningful = false;
    } else if (!/\s/.test(char)) {
      meaningful = true;
    }
  }
  if (meaningful) statements.push(text.slice(start).trim());
  return statements;
}

/**
 * Where the comment, quoted text or bracketed name that starts at `i` ends (the index of its last
 * character), or undefined when none starts there: SQL inside them is only text.
 */
export function endOfInertText(text: string, i: number): number | undefined {
  const char = text[i];
  if (startsComment(text, i)) {
    const end = char === "-" ? text.indexOf("\n", i) : text.indexOf("*/", i + 2);
    if (end === -1) return text.length;
    return char === "-" ? end : end + 1;
  }
  if (char === "'" || char === '"' || char === "`" || char === "[") {
    const end = text.indexOf(char === "[" ? "]" : char, i + 1);
    return end === -1 ? text.length : end;
  }
  return undefined;
}

function startsComment(text: string, i: number): boolean {
  return (text[i] === "-" && text[i + 1] === "-") || (text[i] === "/" && text[i + 1] === "*");
}

const CREATE_TRIGGER = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i;
const ENDS_WITH_END = /\bEND\s*$/i;

/** Whether a `;` after `statement` is inside a trigger's body rather than the end of the statement. */
function insideTriggerBody(statement: string): boolean {
  return CREATE_TRIGGER.test(statement) && !ENDS_WITH_END.test(statement);
}
