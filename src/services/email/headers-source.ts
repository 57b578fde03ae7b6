import { ISOLATE_BYTES_MODULE } from "../../runtime/index.js";

/** The module the email modules share for reading a raw message's header section. */
export const EMAIL_HEADERS_MODULE = "__outpost_email_headers.js";

/**
 * Source of the module: a raw message's bytes, its header fields unfolded (RFC 5322 §2.2.3),
 * and the address of a mailbox (`a@b` in `"Name" <a@b>`).
 */
export function emailHeadersSource(): string {
  return `import { bytesOf } from "./${ISOLATE_BYTES_MODULE}";

const encoder = new TextEncoder();

export async function rawBytes(raw) {
  if (typeof raw === "string") return encoder.encode(raw);
  return bytesOf(raw) ?? new Uint8Array(await new Response(raw).arrayBuffer());
}

export function headerFields(bytes) {
  const text = new TextDecoder().decode(bytes);
  const end = text.search(/\\r?\\n\\r?\\n/);
  const fields = [];
  for (const line of (end === -1 ? text : text.slice(0, end)).split(/\\r?\\n/)) {
    if (/^[ \\t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1][1] += " " + line.trim();
      continue;
    }
    const colon = line.indexOf(":");
    if (colon > 0) fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return fields;
}

export function headerValue(fields, name) {
  return fields.find(([key]) => key.toLowerCase() === name)?.[1];
}

export function mailboxAddress(value) {
  const angled = /<([^>]*)>\\s*$/.exec(value);
  return (angled === null ? value : angled[1]).trim();
}
`;
}
