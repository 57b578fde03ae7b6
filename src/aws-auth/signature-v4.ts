import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** The algorithm name of AWS Signature Version 4 with HMAC-SHA256. */
export const SIGV4_ALGORITHM = "AWS4-HMAC-SHA256";
/** The payload hash of a request whose body is not signed. */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
export const EMPTY_SHA256 = createHash("sha256").digest("hex");

/** What a canonical request is made of, already taken apart from the HTTP request. */
export interface CanonicalRequestParts {
  method: string;
  /** The path as the client sent it, still percent-encoded. */
  rawPath: string;
  /** The query as the client sent it, without `?`, still percent-encoded. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  signedHeaders: readonly string[];
  payloadHash: string;
  /** Query parameters left out of the canonical query (a presigned URL's own signature). */
  excludeQuery?: string;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** AWS's URI encoding: every byte but `A-Z a-z 0-9 - . _ ~` as `%XX` (upper case), `/` kept when asked. */
function uriEncode(text: string, keepSlash: boolean): string {
  let out = "";
  for (const char of text) {
    if (UNRESERVED.test(char) || (keepSlash && char === "/")) out += char;
    else for (const byte of Buffer.from(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The canonical URI: each path segment decoded and encoded again once. S3 does not encode twice,
 * and normalising lets a client that left `!` or `'` unencoded sign what it sent.
 */
export function canonicalUri(rawPath: string): string {
  return rawPath.split("/").map((segment) => uriEncode(decodeOrKeep(segment), false)).join("/") || "/";
}

/** The canonical query: every parameter encoded, sorted by name then value; a bare name gets `=`. */
function canonicalQuery(rawQuery: string, exclude?: string): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const equals = part.indexOf("=");
    const name = decodeOrKeep(equals < 0 ? part : part.slice(0, equals));
    if (name === exclude) continue;
    const value = equals < 0 ? "" : decodeOrKeep(part.slice(equals + 1));
    pairs.push([uriEncode(name, false), uriEncode(value, false)]);
  }
  pairs.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join("&");
}

/** `name:value\n` per signed header: values trimmed, inner runs of spaces made one, repeats joined by `,`. */
function canonicalHeaders(headers: IncomingHttpHeaders, signed: readonly string[]): string {
  return signed
    .map((name) => {
      const value = headers[name];
      const values = value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
      return `${name}:${values.map((item) => item.trim().replace(/\s+/g, " ")).join(",")}\n`;
    })
    .join("");
}

export function canonicalRequest(parts: CanonicalRequestParts, uri: string): string {
  return [
    parts.method,
    uri,
    canonicalQuery(parts.rawQuery, parts.excludeQuery),
    canonicalHeaders(parts.headers, parts.signedHeaders),
    parts.signedHeaders.join(";"),
    parts.payloadHash,
  ].join("\n");
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

/** The key SigV4 signs with: the secret, HMAC-chained through the credential scope. */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
}

/** The signature (hex) of `lines` joined into a string to sign. */
export function sign(key: Buffer, lines: readonly string[]): string {
  return hmac(key, lines.join("\n")).toString("hex");
}

/** Compares two hex signatures in time that does not depend on where they differ. */
export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
