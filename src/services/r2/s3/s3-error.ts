import { OutpostError } from "../../../errors.js";
import { R2Error, type R2ErrorCode } from "../errors.js";

/** The S3 error codes the S3 API answers with beyond R2's own (see `R2ErrorCode`). */
export type S3ErrorCode =
  /** An expired presigned URL, an SSE-C object read with the wrong key, or a request S3 refuses without a more precise code. */
  | "AccessDenied"
  /** No Authorization header or presigned query, or a preflight no CORS rule allows. */
  | "AccessForbidden"
  /** The access key id is not one `outpost r2 keys create` made (or it was revoked). */
  | "InvalidAccessKeyId"
  /** The signature the client computed differs from ours: wrong secret, or a changed request. */
  | "SignatureDoesNotMatch"
  /** The Authorization header cannot be parsed, or names the wrong service or region. */
  | "AuthorizationHeaderMalformed"
  /** A presigned URL's X-Amz-* parameters are missing or malformed. */
  | "AuthorizationQueryParametersError"
  /** X-Amz-Date is more than 15 minutes from the server's clock. */
  | "RequestTimeTooSkewed"
  /** The body's SHA-256 differs from x-amz-content-sha256. */
  | "XAmzContentSHA256Mismatch"
  /** A checksum header or trailer, or Content-MD5, differs from the body received. */
  | "BadDigest"
  /** Content-MD5 is not the base64 of 16 bytes. */
  | "InvalidDigest"
  /** A request body is not the XML the operation takes. */
  | "MalformedXML"
  | "InvalidArgument"
  | "InvalidRequest"
  | "InvalidStorageClass"
  /** The body ended before its declared length, or an aws-chunked body is malformed. */
  | "IncompleteBody"
  /** A request body is larger than the operation allows. */
  | "EntityTooLarge"
  | "NoSuchCORSConfiguration"
  | "MethodNotAllowed"
  /** An S3 operation Outpost does not implement (ACLs, tagging, versioning, …). */
  | "NotImplemented"
  | "InternalError"
  /** A key over 1024 bytes (R2's InvalidObjectName). */
  | "KeyTooLongError";

/** An S3 request refused: rendered as `<Error><Code>` with `status`. */
export class S3Error extends OutpostError<S3ErrorCode | R2ErrorCode> {
  constructor(
    code: S3ErrorCode | R2ErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(code, message);
  }
}

/** R2's codes that S3 clients know under another name. */
const S3_NAMES: Partial<Record<R2ErrorCode, S3ErrorCode>> = {
  InvalidMaxKeys: "InvalidArgument",
  InvalidObjectName: "KeyTooLongError",
  SsecKeyRequired: "InvalidRequest",
  SsecKeyMismatch: "AccessDenied",
  SsecNotApplicable: "InvalidRequest",
  SsecUploadKeyRequired: "InvalidRequest",
  SsecUploadKeyMismatch: "InvalidArgument",
};

/** The S3 error for anything an operation threw: R2's refusals keep their code and status, anything else is a 500. */
export function asS3Error(error: unknown): S3Error | undefined {
  if (error instanceof S3Error) return error;
  if (error instanceof R2Error) return new S3Error(S3_NAMES[error.code] ?? error.code, error.status, error.message);
  return undefined;
}

/** A conditional request whose precondition did not hold (412). */
export function preconditionFailed(): S3Error {
  return new S3Error("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold.");
}
