/** A module every worker gets, for the binding modules Outpost adds: bytes in any of their JS forms, and base64. */
export const ISOLATE_BYTES_MODULE = "__outpost_bytes.js";

/** Source of the module: `bytesOf(value)`, an ArrayBuffer or a view of one as a Uint8Array (else `undefined`), and `base64(bytes)`. */
export function isolateBytesSource(): string {
  return `export function bytesOf(value) {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

export function base64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
`;
}
