/** Writes `value` to stdout as one line of JSON. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Reports a completed write: `message` for people, or `{"ok":true, ...details}` under --json. */
export function printOutcome(options: { json?: boolean }, message: string, details: Record<string, unknown> = {}): void {
  if (options.json) printJson({ ok: true, ...details });
  else process.stdout.write(`${message}\n`);
}

/** Lays out lines of cells (a header first, when there is one), each column as wide as its widest cell. */
export function alignColumns(lines: readonly (readonly string[])[]): string {
  const widths = (lines[0] ?? []).map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  return lines.map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd() + "\n").join("");
}
