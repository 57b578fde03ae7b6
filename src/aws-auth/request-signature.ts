import type { IncomingMessage } from "node:http";
import { SignatureError } from "./errors.js";
import { canonicalRequest, canonicalUri, sha256Hex, sign, signaturesEqual, signingKey, SIGV4_ALGORITHM, UNSIGNED_PAYLOAD, type CanonicalRequestParts } from "./signature-v4.js";

/** Where an AWS API finds the secret of an access key id. */
export interface SecretLookup {
  secretOf(accessKeyId: string): string | undefined;
}

/** What one AWS API accepts in a signature. */
export interface SignaturePolicy {
  /** The service in the credential scope (`s3`, `states`). */
  service: string;
  /** Regions the credential scope may name, the first being the one to suggest; any region when absent. */
  regions?: readonly string[];
  /**
   * The SHA-256 (hex) of the body, for an API that reads the body before checking the signature.
   * Absent, the client's x-amz-content-sha256 is what was signed, and the API checks the body later.
   */
  payloadHash?: string;
  now: Date;
}

/** A request whose signature checked out, with what its body's own signatures chain from. */
export interface SignedRequest {
  accessKeyId: string;
  signingKey: Buffer;
  /** X-Amz-Date, `YYYYMMDDTHHMMSSZ`. */
  timestamp: string;
  /** `<date>/<region>/<service>/aws4_request`. */
  scope: string;
  signature: string;
  /** What the signature covers for the body: a hex digest, `UNSIGNED-PAYLOAD` or a `STREAMING-…` mode. */
  payloadHash: string;
}

/** The request line parts the signature covers. */
export interface RequestTarget {
  rawPath: string;
  rawQuery: string;
  query: URLSearchParams;
}

interface SignatureClaim {
  accessKeyId: string;
  date: string;
  region: string;
  timestamp: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
  presigned: boolean;
  /** Seconds a presigned URL stays valid. */
  expires?: number;
}

/** Milliseconds a header-signed request's X-Amz-Date may be from the server's clock. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Seconds a presigned URL may be valid for: 7 days. */
const MAX_PRESIGNED_EXPIRY_S = 604_800;

/**
 * Checks a request's AWS Signature V4, from its Authorization header or its presigned query, and
 * returns what the body's chunk signatures chain from. Throws a `SignatureError` saying why not.
 */
export function verifySignature(request: IncomingMessage, target: RequestTarget, secrets: SecretLookup, policy: SignaturePolicy): SignedRequest {
  const presigned = target.query.has("X-Amz-Algorithm");
  const claim = presigned ? presignedClaim(target.query, policy) : headerClaim(request, policy);
  const secret = secrets.secretOf(claim.accessKeyId);
  if (secret === undefined) {
    throw new SignatureError("ERR_UNKNOWN_KEY", "The AWS Access Key Id you provided does not exist in our records. Create one with `outpost r2 keys create`.", { presigned });
  }
  checkTime(claim, policy.now);
  const key = signingKey(secret, claim.date, claim.region, policy.service);
  const scope = `${claim.date}/${claim.region}/${policy.service}/aws4_request`;
  const parts: CanonicalRequestParts = {
    method: request.method ?? "GET",
    rawPath: target.rawPath,
    rawQuery: target.rawQuery,
    headers: request.headersDistinct as CanonicalRequestParts["headers"],
    signedHeaders: claim.signedHeaders,
    payloadHash: claim.payloadHash,
    excludeQuery: presigned ? "X-Amz-Signature" : undefined,
  };
  // The normalised path first; the path exactly as sent for a client that signs its own encoding.
  const uris = new Set([canonicalUri(target.rawPath), target.rawPath]);
  for (const uri of uris) {
    // Node reads header bytes as latin1, one char per byte: hashing them back as latin1 hashes the
    // bytes the client sent, which is what it signed (UTF-8 metadata included).
    const canonical = Buffer.from(canonicalRequest(parts, uri), "latin1");
    const expected = sign(key, [SIGV4_ALGORITHM, claim.timestamp, scope, sha256Hex(canonical)]);
    if (signaturesEqual(expected, claim.signature)) {
      return { accessKeyId: claim.accessKeyId, signingKey: key, timestamp: claim.timestamp, scope, signature: claim.signature, payloadHash: claim.payloadHash };
    }
  }
  throw new SignatureError(
    "ERR_MISMATCH",
    "The request signature we calculated does not match the signature you provided. Check your secret access key and signing method.",
    { presigned },
  );
}

function malformed(presigned: boolean, problem: string): SignatureError {
  const where = presigned ? "The presigned URL's X-Amz-* parameters are not valid" : "The authorization header is malformed";
  return new SignatureError("ERR_MALFORMED", `${where}: ${problem}.`, { presigned, problem });
}

function headerClaim(request: IncomingMessage, policy: SignaturePolicy): SignatureClaim {
  const authorization = request.headers.authorization;
  if (authorization === undefined) {
    throw new SignatureError(
      "ERR_UNSIGNED",
      "The request is not signed: send an AWS Signature V4 Authorization header or a presigned URL, made with an access key from `outpost r2 keys create`.",
    );
  }
  if (!authorization.startsWith(`${SIGV4_ALGORITHM} `)) throw malformed(false, `only ${SIGV4_ALGORITHM} (Signature Version 4) is supported`);
  const fields = new Map<string, string>();
  for (const field of authorization.slice(SIGV4_ALGORITHM.length + 1).split(",")) {
    const equals = field.indexOf("=");
    if (equals > 0) fields.set(field.slice(0, equals).trim(), field.slice(equals + 1).trim());
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    throw malformed(false, "it needs Credential, SignedHeaders and Signature");
  }
  const timestamp = request.headers["x-amz-date"];
  if (typeof timestamp !== "string") throw new SignatureError("ERR_MISSING_DATE", "AWS authentication requires a valid Date or x-amz-date header.");
  const payloadHash = policy.payloadHash ?? request.headers["x-amz-content-sha256"];
  if (typeof payloadHash !== "string") throw new SignatureError("ERR_MISSING_PAYLOAD_HASH", "Missing required header for this request: x-amz-content-sha256.");
  return { ...parseCredential(credential, false, policy), timestamp, signedHeaders: signedHeaders.split(";"), signature, payloadHash, presigned: false };
}

function presignedClaim(query: URLSearchParams, policy: SignaturePolicy): SignatureClaim {
  const required = ["X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature"];
  const missing = required.filter((name) => !query.has(name));
  if (missing.length > 0) throw malformed(true, `missing ${missing.join(", ")}`);
  if (query.get("X-Amz-Algorithm") !== SIGV4_ALGORITHM) throw malformed(true, `X-Amz-Algorithm must be ${SIGV4_ALGORITHM}`);
  const expires = query.get("X-Amz-Expires")!;
  if (!/^\d+$/.test(expires) || Number(expires) > MAX_PRESIGNED_EXPIRY_S) {
    throw malformed(true, `X-Amz-Expires must be a whole number of seconds from 0 to ${MAX_PRESIGNED_EXPIRY_S} (7 days)`);
  }
  return {
    ...parseCredential(query.get("X-Amz-Credential")!, true, policy),
    timestamp: query.get("X-Amz-Date")!,
    signedHeaders: query.get("X-Amz-SignedHeaders")!.split(";"),
    signature: query.get("X-Amz-Signature")!,
    payloadHash: query.get("X-Amz-Content-Sha256") ?? UNSIGNED_PAYLOAD,
    presigned: true,
    expires: Number(expires),
  };
}

function parseCredential(credential: string, presigned: boolean, policy: SignaturePolicy): Pick<SignatureClaim, "accessKeyId" | "date" | "region"> {
  const parts = credential.split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request" || !/^\d{8}$/.test(parts[1]!)) {
    const region = policy.regions?.[0] ?? "<region>";
    throw malformed(presigned, `the Credential "${credential}" must look like <access key id>/<YYYYMMDD>/${region}/${policy.service}/aws4_request`);
  }
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  const wrongScope = (problem: string) =>
    new SignatureError("ERR_WRONG_SCOPE", `Credential should be scoped to the correct service and region: ${problem}.`, { presigned, problem });
  if (service !== policy.service) throw wrongScope(`the service '${service}' is wrong; expecting '${policy.service}'`);
  if (policy.regions !== undefined && !policy.regions.includes(region)) throw wrongScope(`the region '${region}' is wrong; expecting '${policy.regions[0]}'`);
  return { accessKeyId, date, region };
}

function checkTime(claim: SignatureClaim, now: Date): void {
  const { presigned } = claim;
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(claim.timestamp);
  if (match === null || !claim.timestamp.startsWith(claim.date)) {
    throw new SignatureError("ERR_BAD_DATE", `X-Amz-Date "${claim.timestamp}" must be YYYYMMDDTHHMMSSZ on the credential's date ${claim.date}.`, { presigned });
  }
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const signedAt = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  if (claim.expires !== undefined) {
    if (now.getTime() > signedAt + claim.expires * 1000) throw new SignatureError("ERR_EXPIRED", "Request has expired", { presigned });
    if (signedAt - now.getTime() > MAX_CLOCK_SKEW_MS) throw new SignatureError("ERR_NOT_YET_VALID", "Request is not valid yet", { presigned });
  } else if (Math.abs(now.getTime() - signedAt) > MAX_CLOCK_SKEW_MS) {
    throw new SignatureError("ERR_SKEWED", "The difference between the request time and the server's time is too large.", { presigned });
  }
}
