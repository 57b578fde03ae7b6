/**
 * How the facade inside workerd tells Outpost's log reader what a line of workerd output is.
 * workerd writes every `console.*` call as one JSON line (structured logging); the facade starts
 * each message with a record separator, a record kind and the worker's name, tab-separated.
 */
export const RECORD_MARK = "\u001e";

/** A `\x1f` after the header means workerd put a space between it and the user's first argument. */
export const SPACED_MARK = "\u001f";

export const RecordKind = {
  /** `console.*` from user code: the rest of the message is what the user logged. */
  console: "C",
  /** Finished requests, one per line: method, url, status, milliseconds. */
  requests: "R",
  /** An exception thrown by a handler: the rest is its stack as a JSON string. */
  exception: "E",
} as const;

export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export function recordHeader(kind: RecordKind, worker: string): string {
  return `${RECORD_MARK}${kind}\t${worker}\t`;
}
