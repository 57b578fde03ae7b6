import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";

export const AWS_JSON_1_0 = "application/x-amz-json-1.0";

/**
 * Dates go on the wire as epoch seconds (a JSON number with a fraction), the awsJson1_0 default
 * timestamp format. `JSON.stringify` calls `Date#toJSON` before a replacer sees the value, so the
 * replacer looks at the holder's own member.
 */
function epochSecondsReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? raw.getTime() / 1000 : value;
}

/** Sends an operation's output (or `{}`), 200. */
export function sendOutput(response: ServerResponse, output: unknown): void {
  send(response, 200, JSON.stringify(output ?? {}, epochSecondsReplacer));
}

/**
 * Sends an error as awsJson1_0 has it: `{"__type", "message"}`, with the type in
 * `x-amzn-ErrorType` too. `@aws-sdk/client-sfn` reads `__type` first and names the error after it.
 */
export function sendError(response: ServerResponse, status: number, type: string, message: string): void {
  response.setHeader("x-amzn-ErrorType", type);
  send(response, status, JSON.stringify({ __type: type, message }));
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    "Content-Type": AWS_JSON_1_0,
    "Content-Length": Buffer.byteLength(body),
    "x-amzn-RequestId": randomUUID(),
  });
  response.end(body);
}
