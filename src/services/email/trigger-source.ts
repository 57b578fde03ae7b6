import { RAW_EMAIL } from "./email-message-source.js";
import { EMAIL_HEADERS_MODULE } from "./headers-source.js";

/** The module that runs a worker's `email()` handler for a request to `/cdn-cgi/handler/email`. */
export const EMAIL_TRIGGER_MODULE = "__outpost_email_trigger.js";
export const EMAIL_TRIGGER_EXPORT = "triggerEmail";
/** Where `wrangler dev` takes a raw message for the worker's `email()` handler, the envelope in `?from=&to=`. */
export const EMAIL_TRIGGER_PATH = "/cdn-cgi/handler/email";
/** Email Routing's limit on a message's size. */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/**
 * Source of the module: `triggerEmail(request, callEmail)` checks the request and the message as
 * `wrangler dev` does, calls `callEmail` with a `ForwardableEmailMessage`, and answers 400 with the
 * reason the handler gave `setReject()`, else 200. `forward()` and `reply()` are logged; Outpost
 * delivers no mail.
 */
export function emailTriggerSource(): string {
  return `import { headerFields, headerValue, mailboxAddress } from "./${EMAIL_HEADERS_MODULE}";

const RAW = Symbol.for(${JSON.stringify(RAW_EMAIL)});

function refuse(message) {
  return new Response(message, { status: 400 });
}

export async function ${EMAIL_TRIGGER_EXPORT}(request, callEmail) {
  if (callEmail === undefined) return new Response("The worker does not export an email() handler.", { status: 404 });
  const params = new URL(request.url).searchParams;
  const from = params.get("from");
  const to = params.get("to");
  if (request.method !== "POST" || request.body === null || !from || !to) {
    return refuse("Invalid email. Your request must include URL parameters specifying the \`from\` and \`to\` addresses, as well as an email in the body");
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > ${MAX_MESSAGE_BYTES}) return refuse("Email message size is bigger than the production size limit of 25MiB.");
  const fields = headerFields(bytes);
  if (!headerValue(fields, "message-id")) return refuse("Email could not be parsed: invalid or no message id provided");
  let headers;
  try {
    headers = new Headers(fields);
  } catch (error) {
    return refuse("Email could not be parsed: " + error.message);
  }
  const headerFrom = mailboxAddress(headerValue(fields, "from") ?? "");
  if (headerFrom !== from) console.warn("Provided MAIL FROM address doesn't match the email message's \\"From\\" header: MAIL FROM " + from + ", \\"From\\" header " + headerFrom);
  let rejection;
  await callEmail({
    from,
    to,
    headers,
    raw: new Response(bytes).body,
    rawSize: bytes.byteLength,
    setReject(reason) {
      rejection = String(reason);
      console.log("Email handler rejected message with the following reason: \\"" + rejection + "\\"");
    },
    async forward(rcptTo) {
      console.log("Email handler forwarded message with rcptTo: " + rcptTo);
    },
    async reply(message) {
      if (typeof message !== "object" || message === null || !(RAW in message)) throw new TypeError("reply() takes an EmailMessage.");
      console.log("Email handler replied to sender with a message from " + message.from + " to " + message.to);
    },
  });
  if (rejection !== undefined) return refuse("Worker rejected email with the following reason: " + rejection);
  return new Response("Worker successfully processed email");
}
`;
}
