import { OutpostError } from "../../errors.js";

/** The S3-style name of each refusal. */
export type R2ErrorCode =
  /** No object has the key (the binding sees `null`). */
  | "NoSuchKey"
  | "NoSuchBucket"
  /** The upload id is unknown, or the upload was completed or aborted. */
  | "NoSuchUpload"
  /** A part named in `complete` is missing or its etag differs. */
  | "InvalidPart"
  /** A non-final part is under the minimum part size. */
  | "EntityTooSmall"
  /** Non-final parts differ in size, or the last part is larger than the others. */
  | "BadUpload"
  | "InvalidRange"
  /** A checksum given with the upload does not match the bytes received. */
  | "BadDigest"
  | "PreconditionFailed"
  | "BucketNotEmpty"
  | "BucketAlreadyExists"
  | "InvalidBucketName"
  /** The key is longer than 1024 bytes or holds an unpaired surrogate. */
  | "InvalidObjectName"
  | "EntityTooLarge"
  | "InvalidArgument"
  /** A list `limit` outside 1..1000. */
  | "InvalidMaxKeys"
  | "MetadataTooLarge"
  /** A bulk delete names no key or more than 1000. */
  | "InvalidDeleteKeyCount"
  /** An SSE-C object read without its key. */
  | "SsecKeyRequired"
  /** An SSE-C object read with another key than it was written with. */
  | "SsecKeyMismatch"
  /** A key given to read a plain object, or for a part of an upload created without one. */
  | "SsecNotApplicable"
  /** A part of an SSE-C upload sent without the upload's key. */
  | "SsecUploadKeyRequired"
  /** A part of an SSE-C upload sent with another key than the upload's. */
  | "SsecUploadKeyMismatch"
  | "InternalError";

interface ErrorShape {
  v4code: number;
  status: number;
  message: string;
}

/** R2's v4 code, the status S3 answers with, and R2's own message, per code. */
const SHAPES: Record<R2ErrorCode, ErrorShape> = {
  NoSuchKey: { v4code: 10007, status: 404, message: "The specified key does not exist." },
  NoSuchBucket: { v4code: 10006, status: 404, message: "The specified bucket does not exist." },
  NoSuchUpload: { v4code: 10024, status: 404, message: "The specified multipart upload does not exist." },
  InvalidPart: { v4code: 10025, status: 400, message: "One or more of the specified parts could not be found." },
  EntityTooSmall: { v4code: 10011, status: 400, message: "Your proposed upload is smaller than the minimum allowed object size." },
  BadUpload: { v4code: 10048, status: 400, message: "There was a problem with the multipart upload." },
  InvalidRange: { v4code: 10039, status: 416, message: "The requested range is not satisfiable" },
  BadDigest: { v4code: 10037, status: 400, message: "The checksum you specified did not match what we received." },
  PreconditionFailed: { v4code: 10031, status: 412, message: "At least one of the pre-conditions you specified did not hold." },
  BucketNotEmpty: { v4code: 10008, status: 409, message: "The bucket you tried to delete is not empty." },
  BucketAlreadyExists: { v4code: 10004, status: 409, message: "The bucket you tried to create already exists, and you own it." },
  InvalidBucketName: { v4code: 10005, status: 400, message: "The specified bucket name is not valid." },
  InvalidObjectName: { v4code: 10020, status: 400, message: "The specified object name is not valid." },
  EntityTooLarge: { v4code: 100100, status: 400, message: "Your proposed upload exceeds the maximum allowed object size." },
  InvalidArgument: { v4code: 10029, status: 400, message: "Invalid argument." },
  InvalidMaxKeys: { v4code: 10022, status: 400, message: "MaxKeys params must be positive integer <= 1000." },
  MetadataTooLarge: { v4code: 10012, status: 400, message: "Your metadata headers exceed the maximum allowed metadata size." },
  InvalidDeleteKeyCount: { v4code: 10027, status: 400, message: "The number of keys in the request must be between 1 and 1000 inclusive." },
  // R2 does not document v4 codes for SSE-C refusals: these borrow S3's text and status, with
  // R2's AccessDenied (10003) and InvalidArgument (10029) numbers.
  SsecKeyRequired: {
    v4code: 10029,
    status: 400,
    message: "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.",
  },
  SsecKeyMismatch: { v4code: 10003, status: 403, message: "Access Denied" },
  SsecNotApplicable: { v4code: 10029, status: 400, message: "The encryption parameters are not applicable to this object." },
  SsecUploadKeyRequired: {
    v4code: 10029,
    status: 400,
    message: "The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.",
  },
  SsecUploadKeyMismatch: { v4code: 10029, status: 400, message: "The provided encryption parameters did not match the ones used originally." },
  InternalError: { v4code: 10001, status: 500, message: "We encountered an internal error. Please try again." },
};

/**
 * An R2 operation refused as R2 refuses it: `code` is the S3 error name, `v4code` R2's number
 * (workerd's binding shows `<message> (<v4code>)`), `status` the HTTP status S3 answers with.
 */
export class R2Error extends OutpostError<R2ErrorCode> {
  readonly v4code: number;
  readonly status: number;

  constructor(code: R2ErrorCode, message?: string) {
    const shape = SHAPES[code];
    super(code, message ?? shape.message);
    this.v4code = shape.v4code;
    this.status = shape.status;
  }
}
