import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { R2Store } from "../store.js";
import type { SignedRequest } from "./request-signature.js";
import { S3Error } from "./s3-error.js";

/** An authenticated S3 request, taken apart. */
export interface S3Request {
  readonly incoming: IncomingMessage;
  readonly method: string;
  readonly bucket?: string;
  readonly key?: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly signature: SignedRequest;
  readonly requestId: string;
}

/** What an operation works with. */
export interface S3Context {
  readonly request: S3Request;
  readonly response: ServerResponse;
  readonly store: R2Store;
}

export type S3Operation = (context: S3Context) => Promise<void>;

/** A single-valued header, or `undefined`. */
export function header(request: S3Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** The bucket of a bucket- or object-level operation (the router only routes those with one). */
export function bucketOf(request: S3Request): string {
  return request.bucket!;
}

/** The key of an object-level operation (the router only routes those with one). */
export function keyOf(request: S3Request): string {
  return request.key!;
}

/** A whole-number query parameter within `[min, max]`, or `undefined` when absent. */
export function integerParam(request: S3Request, name: string, min: number, max: number): number | undefined {
  const value = request.query.get(name);
  if (value === null) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new S3Error("InvalidArgument", 400, `${name} must be a whole number from ${min} to ${max} (got "${value}").`);
  }
  return Number(value);
}
