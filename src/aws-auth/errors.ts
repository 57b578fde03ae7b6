import { OutpostError } from "../errors.js";

/** Why a request's AWS Signature V4 was refused. Each AWS API renders these in its own error shape. */
export type SignatureErrorCode =
  /** No Authorization header and no presigned query. */
  | "ERR_UNSIGNED"
  /** The Authorization header or presigned query cannot be parsed; `details.problem` says how. */
  | "ERR_MALFORMED"
  /** The credential scope names another service or a region this API does not answer to (`details.problem`). */
  | "ERR_WRONG_SCOPE"
  /** The access key id is not one `outpost r2 keys create` made (or it was revoked). */
  | "ERR_UNKNOWN_KEY"
  /** A header-signed request without X-Amz-Date. */
  | "ERR_MISSING_DATE"
  /** X-Amz-Date is not `YYYYMMDDTHHMMSSZ` on the credential's date. */
  | "ERR_BAD_DATE"
  /** A header-signed request without x-amz-content-sha256, where the API requires it (S3). */
  | "ERR_MISSING_PAYLOAD_HASH"
  /** X-Amz-Date is more than 15 minutes from the server's clock. */
  | "ERR_SKEWED"
  /** A presigned URL past its X-Amz-Expires. */
  | "ERR_EXPIRED"
  /** A presigned URL dated more than 15 minutes ahead. */
  | "ERR_NOT_YET_VALID"
  /** The signature differs from ours: wrong secret, or a request changed after signing. */
  | "ERR_MISMATCH";

/** A signature refused. `presigned` says where the claim came from; `problem` details a malformed one. */
export class SignatureError extends OutpostError<SignatureErrorCode> {
  constructor(
    code: SignatureErrorCode,
    message: string,
    readonly details: { presigned: boolean; problem?: string } = { presigned: false },
  ) {
    super(code, message);
  }
}
