/** The module workerd's `cloudflare:email` re-exports `EmailMessage` from; internal to workerd's own build. */
export const EMAIL_MESSAGE_MODULE = "cloudflare-internal:email";

/** Where an `EmailMessage` keeps its raw message, for Outpost's `send_email` binding to read in the same isolate. */
export const RAW_EMAIL = "outpost.email.raw";

/**
 * Source of `EmailMessage(from, to, raw)` as `cloudflare:email` exports it: the envelope's `from`
 * and `to`, and the raw RFC 5322 message (a string or a stream), which only the binding reads.
 */
export function emailMessageSource(): string {
  return `const RAW = Symbol.for(${JSON.stringify(RAW_EMAIL)});

class EmailMessage {
  constructor(from, to, raw) {
    Object.defineProperty(this, "from", { value: String(from), enumerable: true });
    Object.defineProperty(this, "to", { value: String(to), enumerable: true });
    Object.defineProperty(this, RAW, { value: raw });
  }
}

export default { EmailMessage };
`;
}
