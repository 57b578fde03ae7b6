import { randomUUID } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer";
import { z } from "zod";

const address = z.union([z.string(), z.strictObject({ name: z.string(), email: z.string() })]);
/** A message goes to at most 50 recipients. */
const addresses = z.union([address, z.array(address).min(1).max(50)]);

/** The message object `send()` takes, as Cloudflare's Email Service defines it; attachment contents are base64. */
const messageObject = z.strictObject({
  from: address,
  to: addresses,
  subject: z.string(),
  text: z.string().optional(),
  html: z.string().optional(),
  cc: addresses.optional(),
  bcc: addresses.optional(),
  replyTo: address.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  attachments: z
    .array(
      z.strictObject({
        content: z.string(),
        filename: z.string(),
        type: z.string(),
        disposition: z.enum(["attachment", "inline"]),
        contentId: z.string().optional(),
      }),
    )
    .optional(),
}).refine((message) => message.text !== undefined || message.html !== undefined, { error: "text or html is required" });

export type MessageObject = z.infer<typeof messageObject>;
type Address = z.infer<typeof address>;

/** Checks a message object, naming the first field at fault, e.g. `send(): subject must be a string`. */
export function parseMessageObject(value: unknown): MessageObject {
  const parsed = messageObject.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".") || "the message";
  throw new TypeError(`send(): ${field}: ${issue.message}`);
}

/** The bare address of a mailbox: `a@b` of `"Name" <a@b>` or `{ name, email: "a@b" }`. */
export function addressOf(mailbox: Address): string {
  if (typeof mailbox !== "string") return mailbox.email;
  return (/<([^>]*)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim();
}

export function addressesOf(list: MessageObject["to"]): string[] {
  return (Array.isArray(list) ? list : [list]).map(addressOf);
}

function mailbox(value: Address): string | { name: string; address: string } {
  return typeof value === "string" ? value : { name: value.name, address: value.email };
}

function mailboxes(list: MessageObject["to"] | undefined) {
  return list === undefined ? undefined : (Array.isArray(list) ? list : [list]).map(mailbox);
}

/**
 * The RFC 5322 message a message object stands for, and its Message-ID: the one its headers give,
 * else a new one at the sender's domain. Contents come only from the object: nothing is read
 * from files or URLs.
 */
export async function composeMessage(message: MessageObject): Promise<{ messageId: string; bytes: Buffer }> {
  const headers = { ...message.headers };
  const givenId = Object.entries(headers).find(([name]) => name.toLowerCase() === "message-id");
  if (givenId !== undefined) delete headers[givenId[0]];
  const messageId = givenId?.[1] ?? `<${randomUUID()}@${addressOf(message.from).split("@")[1] ?? "localhost"}>`;
  const composer = new MailComposer({
    from: mailbox(message.from),
    to: mailboxes(message.to),
    cc: mailboxes(message.cc),
    bcc: mailboxes(message.bcc),
    replyTo: message.replyTo === undefined ? undefined : mailbox(message.replyTo),
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers,
    messageId,
    attachments: (message.attachments ?? []).map((attachment) => ({
      content: Buffer.from(attachment.content, "base64"),
      filename: attachment.filename,
      contentType: attachment.type,
      contentDisposition: attachment.disposition,
      cid: attachment.contentId,
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return { messageId, bytes: await composer.compile().build() };
}
