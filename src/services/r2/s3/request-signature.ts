import type { IncomingMessage } from "node:http";
import { SignatureError, verifySignature as verifyAwsSignature, type RequestTarget, type SecretLookup, type SignatureErrorCode, type SignedRequest } from "../../../aws-auth/index.js";
import { S3Error, type S3ErrorCode } from "./s3-error.js";

export type { RequestTarget, SecretLookup, SignedRequest };

/** Regions R2 answers to: `auto`, and its aliases. */
const REGIONS = ["auto", "us-east-1", ""];

/** The S3 code and status of each refusal; a malformed claim's code depends on where it came from. */
const S3_REFUSALS: Record<Exclude<SignatureErrorCode, "ERR_MALFORMED" | "ERR_WRONG_SCOPE">, [S3ErrorCode, number]> = {
  ERR_UNSIGNED: ["InvalidAccessKeyId", 403],
  ERR_UNKNOWN_KEY: ["InvalidAccessKeyId", 403],
  ERR_MISSING_DATE: ["AccessDenied", 403],
  ERR_BAD_DATE: ["AccessDenied", 403],
  ERR_MISSING_PAYLOAD_HASH: ["InvalidRequest", 400],
  ERR_SKEWED: ["RequestTimeTooSkewed", 403],
  ERR_EXPIRED: ["AccessDenied", 403],
  ERR_NOT_YET_VALID: ["AccessDenied", 403],
  ERR_MISMATCH: ["SignatureDoesNotMatch", 403],
};

/**
 * Checks a request's AWS Signature V4 for the S3 API (service `s3`, region `auto`) and returns what
 * the body's chunk signatures chain from. Throws the S3 error a client would get.
 */
export function verifySignature(request: IncomingMessage, target: RequestTarget, secrets: SecretLookup, now: Date): SignedRequest {
  try {
    return verifyAwsSignature(request, target, secrets, { service: "s3", regions: REGIONS, now });
  } catch (error) {
    if (!(error instanceof SignatureError)) throw error;
    if (error.code === "ERR_MALFORMED" || error.code === "ERR_WRONG_SCOPE") {
      const { presigned, problem } = error.details;
      throw presigned
        ? new S3Error("AuthorizationQueryParametersError", 400, `The presigned URL's X-Amz-* parameters are not valid: ${problem}.`)
        : new S3Error("AuthorizationHeaderMalformed", 400, `The authorization header is malformed; ${problem}.`);
    }
    const [code, status] = S3_REFUSALS[error.code];
    throw new S3Error(code, status, error.message);
  }
}
