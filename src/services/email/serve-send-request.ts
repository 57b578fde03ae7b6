import type { IncomingMessage, ServerResponse } from "node:http";
import { json } from "node:stream/consumers";
import { isServiceCall, sendJson } from "../../runtime/index.js";
import type { Logger } from "../../logging/logger.js";
import { addressesOf, addressOf, composeMessage, parseMessageObject } from "./compose-message.js";
import { EMAIL_BINDING_HEADER, EMAIL_RULES_HEADER, type AddressRules } from "./plugin.js";
import type { SentMail } from "./sent-mail.js";

/** What the binding sends: an `EmailMessage`'s envelope and raw bytes, or a message object to compose. */
type SendRequest = { raw: { from: string; to: string; messageId: string; base64: string } } | { composed: unknown };

/** A send the binding's rules refuse; its message is the error `send()` throws. */
class RefusedSend extends Error {}

/** `wrangler dev`'s checks of the envelope: a binding may restrict senders and recipients. */
function checkAddresses(rules: AddressRules, from: string, to: readonly string[]): void {
  if (rules.allowed_sender_addresses !== undefined && !rules.allowed_sender_addresses.includes(from)) throw new RefusedSend(`email from ${from} not allowed`);
  for (const recipient of to) {
    const allowed = rules.destination_address ?? rules.allowed_destination_addresses;
    if (allowed !== undefined && !(typeof allowed === "string" ? allowed === recipient : allowed.includes(recipient))) {
      throw new RefusedSend(`email to ${recipient} not allowed`);
    }
  }
}

async function messageToKeep(request: SendRequest, rules: AddressRules): Promise<{ from: string; to: string[]; messageId: string; bytes: Uint8Array }> {
  if ("raw" in request) {
    const { from, to, messageId, base64 } = request.raw;
    checkAddresses(rules, from, [to]);
    return { from, to: [to], messageId, bytes: Buffer.from(base64, "base64") };
  }
  let message;
  try {
    message = parseMessageObject(request.composed);
  } catch (error) {
    throw new RefusedSend((error as Error).message);
  }
  const from = addressOf(message.from);
  const to = addressesOf(message.to);
  checkAddresses(rules, from, to);
  return { from, to, ...(await composeMessage(message)) };
}

/**
 * Answers a binding's `POST /send`: checks the addresses its rules allow, keeps the message as an
 * `.eml` file and logs where, then answers `{ result: { messageId } }`, or `{ error }` for a send
 * the rules or the message object refuse.
 */
export async function serveSendRequest(mail: SentMail, logger: Logger, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!isServiceCall("email", "POST", "/send", request, response)) return;
  const binding = String(request.headers[EMAIL_BINDING_HEADER]);
  const rules = JSON.parse(decodeURIComponent(String(request.headers[EMAIL_RULES_HEADER]))) as AddressRules;
  let answer: unknown;
  try {
    const message = await messageToKeep((await json(request)) as SendRequest, rules);
    const file = await mail.keep(message.messageId, message.bytes);
    logger.info(`send_email binding ${binding} sent a message from ${message.from} to ${message.to.join(", ")}: ${file}`);
    answer = { result: { messageId: message.messageId } };
  } catch (error) {
    if (!(error instanceof RefusedSend)) throw error;
    answer = { error: error.message };
  }
  sendJson(response, 200, answer);
}
