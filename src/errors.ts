/**
 * Base class of every error Outpost raises on purpose. `code` identifies the failure for code;
 * `message` is written for the user and says what to do next. The CLI prints `message` alone,
 * never a stack, for any `OutpostError`.
 */
export class OutpostError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
