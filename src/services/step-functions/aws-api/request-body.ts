import type { IncomingMessage } from "node:http";
import { ProtocolError } from "./protocol-error.js";

/**
 * Bytes a request body may have: a 1 MiB definition (AWS's limit), JSON-escaped, with room for the
 * other members.
 */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** Reads the whole body, refusing one over `MAX_REQUEST_BYTES` as soon as it gets there. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (declared > MAX_REQUEST_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_REQUEST_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

function tooLarge(): ProtocolError {
  return new ProtocolError("RequestEntityTooLarge", `The request body is larger than ${MAX_REQUEST_BYTES} bytes.`, 413);
}

/** The body as the JSON object awsJson1_0 sends; an empty body is `{}`. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new ProtocolError("SerializationException", `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ProtocolError("SerializationException", "The request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}
