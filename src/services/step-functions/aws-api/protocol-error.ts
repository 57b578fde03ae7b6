import { OutpostError } from "../../../errors.js";

/** Errors of the AWS JSON 1.0 protocol itself, before or around an operation, as AWS names them. */
export type ProtocolErrorCode =
  /** X-Amz-Target names no Step Functions action Outpost serves. */
  | "UnknownOperationException"
  /** The body is not a JSON object, or a member has the wrong JSON type. */
  | "SerializationException"
  /** The request carries no AWS Signature V4. */
  | "MissingAuthenticationTokenException"
  /** The access key id is unknown (never made, or revoked). */
  | "UnrecognizedClientException"
  /** The Authorization header or its date cannot be parsed. */
  | "IncompleteSignatureException"
  /** The signature differs from ours, is out of date, or is scoped to another service. */
  | "InvalidSignatureException"
  /** The body is larger than `MAX_REQUEST_BYTES`. */
  | "RequestEntityTooLarge"
  /** Anything unexpected; logged, never detailed to the client. */
  | "InternalFailure";

/** A refusal by the protocol layer, with the HTTP status AWS gives it. */
export class ProtocolError extends OutpostError<ProtocolErrorCode> {
  constructor(
    code: ProtocolErrorCode,
    message: string,
    readonly status = 400,
  ) {
    super(code, message);
  }
}
