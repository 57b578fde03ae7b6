/** Writes `value` to stdout as one line of JSON. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Reports a completed write: `message` for people, or `{"ok":true, ...details}` under --json. */
export function printOutcome(options: { json?: boolean }, message: string, details: Record<string, unknown> = {}): void {
  if (options.json) printJson({ ok: true, ...details });
  else process.stdout.write(`${message}\n`);
}
