import { ISOLATE_BYTES_MODULE, type BindingApiModule } from "../../runtime/index.js";
import { RAW_EMAIL } from "./email-message-source.js";
import { EMAIL_HEADERS_MODULE } from "./headers-source.js";

/**
 * `send(message)` takes an `EmailMessage`, whose raw message is checked here as Cloudflare checks
 * it, or a message object (`{ from, to, subject, text, html, … }`); Outpost's email service checks
 * the addresses the binding allows and keeps the message. Resolves to `{ messageId }`.
 */
function sendEmailBindingSource(): string {
  return `import { base64 } from "./${ISOLATE_BYTES_MODULE}";
import { headerFields, headerValue, mailboxAddress, rawBytes } from "./${EMAIL_HEADERS_MODULE}";

const RAW = Symbol.for(${JSON.stringify(RAW_EMAIL)});

async function post(fetcher, body) {
  const response = await fetcher.fetch("http://email/send", { method: "POST", body: JSON.stringify(body) });
  const answer = await response.json();
  if (answer.error !== undefined) throw new Error(answer.error);
  return answer.result;
}

async function rawMessage(message) {
  const bytes = await rawBytes(message[RAW]);
  const fields = headerFields(bytes);
  const messageId = headerValue(fields, "message-id");
  if (!messageId) throw new Error("invalid message-id");
  if (mailboxAddress(headerValue(fields, "from") ?? "") !== message.from) throw new Error("From: header does not match mail from");
  if (headerValue(fields, "received") !== undefined) throw new Error("invalid headers set");
  return { raw: { from: message.from, to: message.to, messageId, base64: base64(bytes) } };
}

/** Attachment contents go as base64: a string content already is, as Cloudflare takes it. */
async function messageObject(message) {
  if (!Array.isArray(message.attachments)) return { composed: message };
  const attachments = message.attachments.map(async (attachment) => {
    const content = attachment?.content;
    return typeof content === "string" || content === undefined ? attachment : { ...attachment, content: base64(await rawBytes(content)) };
  });
  return { composed: { ...message, attachments: await Promise.all(attachments) } };
}

export function sendEmailBinding(name, fetcher) {
  return {
    async send(message) {
      if (typeof message !== "object" || message === null) throw new TypeError(name + ".send() takes an EmailMessage or a message object.");
      return post(fetcher, RAW in message ? await rawMessage(message) : await messageObject(message));
    },
  };
}
`;
}

export const sendEmailApi: BindingApiModule = { name: "__outpost_send_email.js", source: sendEmailBindingSource, exportName: "sendEmailBinding" };
