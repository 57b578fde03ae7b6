import { createHash } from "node:crypto";
import type { OutgoingHttpHeaders } from "node:http";
import { SSEC_KEY_BYTES, ssecKey, type SsecKey } from "../ssec.js";
import { header, type S3Request } from "./s3-request.js";
import { S3Error } from "./s3-error.js";

/** The SSE-C headers of the object a request writes or reads. */
const SSEC_HEADERS = "x-amz-server-side-encryption-customer-";
/** The SSE-C headers of a copy's source. */
export const COPY_SOURCE_SSEC_HEADERS = "x-amz-copy-source-server-side-encryption-customer-";

/** The only algorithm SSE-C has. */
const ALGORITHM = "AES256";
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The SSE-C key given by `<prefix>algorithm`, `<prefix>key` (base64) and `<prefix>key-MD5`
 * (base64 MD5 of the key), or `undefined` when none of them is sent. Refused as S3 refuses them.
 * S3 also insists on HTTPS for these headers; Outpost's S3 API is plain HTTP on the machine, so
 * it does not.
 */
export function ssecKeyFromHeaders(request: S3Request, prefix: string = SSEC_HEADERS): SsecKey | undefined {
  const algorithm = header(request, `${prefix}algorithm`);
  const key = header(request, `${prefix}key`);
  const md5 = header(request, `${prefix}key-md5`);
  if (algorithm === undefined && key === undefined && md5 === undefined) return undefined;
  if (algorithm !== ALGORITHM) {
    throw invalid("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.");
  }
  if (key === undefined) throw invalid("Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.");
  if (md5 === undefined) {
    throw invalid("Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.");
  }
  const bytes = Buffer.from(key, "base64");
  if (!BASE64.test(key) || bytes.length !== SSEC_KEY_BYTES) throw invalid("The secret key was invalid for the specified algorithm.");
  if (createHash("md5").update(bytes).digest("base64") !== md5) throw invalid("The calculated MD5 hash of the key did not match the hash that was provided.");
  return ssecKey(bytes);
}

/** The headers that tell a client its object is encrypted under the key with this MD5; none for a plain object. */
export function ssecResponseHeaders(keyMd5: string | undefined): OutgoingHttpHeaders {
  if (keyMd5 === undefined) return {};
  return { [`${SSEC_HEADERS}algorithm`]: ALGORITHM, [`${SSEC_HEADERS}key-MD5`]: keyMd5 };
}

function invalid(message: string): S3Error {
  return new S3Error("InvalidArgument", 400, message);
}
