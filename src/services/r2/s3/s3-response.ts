import type { ServerResponse } from "node:http";
import type { OutgoingHttpHeaders } from "node:http";
import type { S3Error } from "./s3-error.js";
import { renderXml, type XmlFields } from "./xml-writer.js";

/** Sends an XML document. */
export function sendXml(response: ServerResponse, status: number, root: string, fields: XmlFields, headers: OutgoingHttpHeaders = {}): void {
  const body = renderXml(root, fields);
  response.writeHead(status, { ...headers, "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body) });
  response.end(body);
}

/** Sends headers and no body. */
export function sendEmpty(response: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  response.writeHead(status, { ...headers, "Content-Length": 0 });
  response.end();
}

/** Sends S3's `<Error>` document (headers only for HEAD, which has no body). */
export function sendError(response: ServerResponse, error: S3Error, context: { method: string; resource: string; requestId: string }): void {
  const headers = { "x-amz-request-id": context.requestId };
  if (context.method === "HEAD") {
    response.writeHead(error.status, { ...headers, "x-amz-error-code": error.code });
    response.end();
    return;
  }
  const fields = { Code: error.code, Message: error.message, Resource: context.resource, RequestId: context.requestId };
  const body = renderXml("Error", fields, false);
  response.writeHead(error.status, { ...headers, "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body) });
  response.end(body);
}
