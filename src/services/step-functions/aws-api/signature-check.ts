import type { IncomingMessage } from "node:http";
import { sha256Hex, SignatureError, verifySignature, type SecretLookup, type SignatureErrorCode } from "../../../aws-auth/index.js";
import { ProtocolError, type ProtocolErrorCode } from "./protocol-error.js";

/** The service name Step Functions clients sign for. */
const SIGNING_SERVICE = "states";
const KEY_HINT = "Create an access key with `outpost r2 keys create`.";

/** AWS's error type for each refusal, and the message when AWS's own wording is the one to give. */
const REFUSALS: Record<SignatureErrorCode, [ProtocolErrorCode, string?]> = {
  ERR_UNSIGNED: ["MissingAuthenticationTokenException", `Request is missing Authentication Token. Sign requests with AWS Signature V4. ${KEY_HINT}`],
  ERR_UNKNOWN_KEY: ["UnrecognizedClientException", `The security token included in the request is invalid. ${KEY_HINT}`],
  ERR_MALFORMED: ["IncompleteSignatureException"],
  ERR_MISSING_DATE: ["IncompleteSignatureException"],
  ERR_BAD_DATE: ["IncompleteSignatureException"],
  ERR_MISSING_PAYLOAD_HASH: ["IncompleteSignatureException"],
  ERR_WRONG_SCOPE: ["InvalidSignatureException"],
  ERR_SKEWED: ["InvalidSignatureException"],
  ERR_EXPIRED: ["InvalidSignatureException"],
  ERR_NOT_YET_VALID: ["InvalidSignatureException"],
  ERR_MISMATCH: [
    "InvalidSignatureException",
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  ],
};

/**
 * Checks the request's Signature V4 for service `states` in any region, over the body already
 * read. Throws the awsJson error a Step Functions client gets (400, as AWS's JSON services answer).
 */
export function checkSignature(request: IncomingMessage, body: Buffer, secrets: SecretLookup, now: Date): void {
  const url = request.url ?? "/";
  const queryAt = url.indexOf("?");
  const rawQuery = queryAt < 0 ? "" : url.slice(queryAt + 1);
  const target = { rawPath: queryAt < 0 ? url : url.slice(0, queryAt), rawQuery, query: new URLSearchParams(rawQuery) };
  try {
    verifySignature(request, target, secrets, { service: SIGNING_SERVICE, payloadHash: sha256Hex(body), now });
  } catch (error) {
    if (!(error instanceof SignatureError)) throw error;
    const [code, message] = REFUSALS[error.code];
    throw new ProtocolError(code, message ?? error.message);
  }
}
