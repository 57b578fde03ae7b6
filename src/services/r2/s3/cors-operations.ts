import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";
import type { R2Store } from "../store.js";
import { requireBucket } from "./bucket-operations.js";
import { corsRuleFields, matchCorsRule, parseCorsConfiguration, type CorsRule } from "./cors-rules.js";
import { readSmallPayload } from "./request-payload.js";
import { bucketOf, type S3Context } from "./s3-request.js";
import { S3Error } from "./s3-error.js";
import { sendEmpty, sendXml } from "./s3-response.js";

/** Bytes of XML a PutBucketCors body may hold. */
const MAX_CORS_BODY_BYTES = 64 * 1024;

/** GetBucketCors: `GET /<bucket>?cors`. */
export async function getBucketCors({ request, response, store }: S3Context): Promise<void> {
  const rules = store.getBucketCors(bucketOf(request)) as CorsRule[] | null;
  if (rules === null) {
    requireBucket({ request, store });
    throw new S3Error("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist.");
  }
  sendXml(response, 200, "CORSConfiguration", corsRuleFields(rules));
}

/** PutBucketCors: `PUT /<bucket>?cors` with a CORSConfiguration document. */
export async function putBucketCors({ request, response, store }: S3Context): Promise<void> {
  requireBucket({ request, store });
  const rules = parseCorsConfiguration(await readSmallPayload(request, MAX_CORS_BODY_BYTES));
  store.putBucketCors(bucketOf(request), rules);
  sendEmpty(response, 200);
}

/** DeleteBucketCors: `DELETE /<bucket>?cors`. */
export async function deleteBucketCors({ request, response, store }: S3Context): Promise<void> {
  requireBucket({ request, store });
  store.deleteBucketCors(bucketOf(request));
  sendEmpty(response, 204);
}

/**
 * Answers a browser's preflight (`OPTIONS`, never signed) from the bucket's CORS rules: 200 with
 * the allowed method, headers and max age, or 403 when no rule allows the request.
 */
export function answerPreflight(store: R2Store, bucket: string | undefined, incoming: IncomingMessage): { status: number; headers: OutgoingHttpHeaders } {
  const origin = incoming.headers.origin;
  const method = incoming.headers["access-control-request-method"];
  if (bucket === undefined || origin === undefined || method === undefined) {
    throw new S3Error("InvalidRequest", 400, "A CORS preflight needs a bucket, an Origin and an Access-Control-Request-Method header.");
  }
  const requested = (incoming.headers["access-control-request-headers"] ?? "").split(",").map((name) => name.trim()).filter((name) => name !== "");
  const rule = store.hasBucket(bucket) ? matchCorsRule(rulesOf(store, bucket), origin, method, requested) : undefined;
  if (rule === undefined) {
    throw new S3Error("AccessForbidden", 403, "CORSResponse: This CORS request is not allowed: no CORS rule of the bucket allows this Origin, Access-Control-Request-Method and Access-Control-Request-Headers.");
  }
  const headers: OutgoingHttpHeaders = {
    ...allowOrigin(rule, origin),
    "Access-Control-Allow-Methods": rule.allowedMethods.join(", "),
    Vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
  };
  if (requested.length > 0) headers["Access-Control-Allow-Headers"] = requested.join(", ");
  if (rule.maxAgeSeconds !== undefined) headers["Access-Control-Max-Age"] = rule.maxAgeSeconds;
  return { status: 200, headers };
}

/** The CORS headers an actual request from `Origin` gets, when a rule of the bucket allows it. */
export function corsResponseHeaders(store: R2Store, bucket: string | undefined, incoming: IncomingMessage): OutgoingHttpHeaders {
  const origin = incoming.headers.origin;
  if (bucket === undefined || origin === undefined || !store.hasBucket(bucket)) return {};
  const rule = matchCorsRule(rulesOf(store, bucket), origin, incoming.method ?? "GET", []);
  if (rule === undefined) return {};
  const headers: OutgoingHttpHeaders = { ...allowOrigin(rule, origin), Vary: "Origin" };
  if (rule.exposeHeaders.length > 0) headers["Access-Control-Expose-Headers"] = rule.exposeHeaders.join(", ");
  return headers;
}

function rulesOf(store: R2Store, bucket: string): CorsRule[] {
  return (store.getBucketCors(bucket) as CorsRule[] | null) ?? [];
}

function allowOrigin(rule: CorsRule, origin: string): OutgoingHttpHeaders {
  return { "Access-Control-Allow-Origin": rule.allowedOrigins.includes("*") ? "*" : origin };
}
