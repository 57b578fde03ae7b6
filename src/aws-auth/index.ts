export { AccessKeyStore } from "./access-key-store.js";
export type { AccessKey, CreatedAccessKey } from "./access-key-store.js";
export { SignatureError } from "./errors.js";
export type { SignatureErrorCode } from "./errors.js";
export { verifySignature } from "./request-signature.js";
export type { RequestTarget, SecretLookup, SignaturePolicy, SignedRequest } from "./request-signature.js";
export { EMPTY_SHA256, sha256Hex, sign, signaturesEqual, UNSIGNED_PAYLOAD } from "./signature-v4.js";
