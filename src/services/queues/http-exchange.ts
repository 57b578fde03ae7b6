import type { ServerResponse } from "node:http";

export function sendJson(response: ServerResponse, status: number, body: unknown, statusText?: string): void {
  const text = JSON.stringify(body);
  const headers = { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) };
  if (statusText === undefined) response.writeHead(status, headers);
  else response.writeHead(status, statusText, headers);
  response.end(text);
}
