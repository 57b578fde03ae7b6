import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { useFixtureCopy, useRunningCopy } from "../helpers/fixture-copy.js";
import { withDev, type OutpostDev } from "../helpers/outpost-cli.js";

const CRLF = "\r\n";

function rawMessage(headers: Record<string, string>, body = "hello"): string {
  return Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join(CRLF) + CRLF + CRLF + body;
}

describe("Email: send_email bindings and the email() handler", () => {
  let dev: OutpostDev;
  let sentDir: string;
  useRunningCopy("email", (started, project) => {
    dev = started;
    sentDir = path.join(project, ".outpost", "email", "sent");
  });

  async function call(pathname: string, body: string): Promise<{ messageId?: string; error?: string }> {
    return (await dev.fetch(pathname, { method: "POST", body })).json() as Promise<{ messageId?: string; error?: string }>;
  }

  /** The `.eml` file kept for `messageId`. */
  async function sentFile(messageId: string): Promise<string> {
    const name = (await readdir(sentDir)).find((file) => file.endsWith(`-${messageId.replace(/^<|>$/g, "")}.eml`));
    assert.ok(name, `no file for ${messageId} in ${sentDir}`);
    return readFile(path.join(sentDir, name), "utf8");
  }

  it("send(EmailMessage): the raw message is kept byte for byte as an .eml file, and where is logged", async () => {
    const raw = rawMessage({ From: "Alice <alice@example.com>", To: "bob@example.com", "Message-ID": "<raw-1@example.com>", Subject: "hi" });
    assert.deepEqual(await call("/raw/ANYONE?from=alice@example.com&to=bob@example.com", raw), { messageId: "<raw-1@example.com>" });
    assert.equal(await sentFile("<raw-1@example.com>"), raw);
    await dev.waitForOutput(/send_email binding ANYONE sent a message from alice@example\.com to bob@example\.com: .*raw-1@example\.com\.eml/);
  });

  it("send(EmailMessage): Cloudflare's checks of the raw message, and of the addresses a binding allows", async () => {
    const send = (binding: string, from: string, to: string, headers: Record<string, string>) => call(`/raw/${binding}?from=${from}&to=${to}`, rawMessage(headers));
    assert.deepEqual(await send("ANYONE", "a@example.com", "b@example.com", { From: "a@example.com" }), { error: "Error: invalid message-id" });
    assert.deepEqual(await send("ANYONE", "a@example.com", "b@example.com", { From: "mallory@example.com", "Message-ID": "<x@example.com>" }), {
      error: "Error: From: header does not match mail from",
    });
    assert.deepEqual(await send("ANYONE", "a@example.com", "b@example.com", { From: "a@example.com", "Message-ID": "<x@example.com>", Received: "from somewhere" }), {
      error: "Error: invalid headers set",
    });
    assert.deepEqual(await send("SUPPORT_ONLY", "a@example.com", "support@example.com", { From: "a@example.com", "Message-ID": "<x@example.com>" }), {
      error: "Error: email from a@example.com not allowed",
    });
    assert.deepEqual(await send("SUPPORT_ONLY", "noreply@example.com", "b@example.com", { From: "noreply@example.com", "Message-ID": "<x@example.com>" }), {
      error: "Error: email to b@example.com not allowed",
    });
    assert.deepEqual(await send("SUPPORT_ONLY", "noreply@example.com", "support@example.com", { From: "noreply@example.com", "Message-ID": "<allowed@example.com>" }), {
      messageId: "<allowed@example.com>",
    });
    assert.ok((await readdir(sentDir)).every((file) => !file.includes("x@example.com")), "no refused message is kept");
  });

  it("send(message object): composed into an RFC 5322 message, attachments included; a bad field is named", async () => {
    const message = {
      from: { name: "Shop", email: "shop@example.com" },
      to: ["buyer@example.com"],
      subject: "Your order ✓",
      text: "Thanks!",
      html: "<p>Thanks!</p>",
      attachments: [{ content: Buffer.from("receipt").toString("base64"), filename: "receipt.txt", type: "text/plain", disposition: "attachment" }],
    };
    const { messageId } = await call("/object/ANYONE", JSON.stringify(message));
    assert.match(messageId ?? "", /^<[0-9a-f-]{36}@example\.com>$/);
    const eml = await sentFile(messageId!);
    for (const line of ["From: Shop <shop@example.com>", "To: buyer@example.com", "Subject: =?UTF-8?Q?Your_order_=E2=9C=93?=", `Message-ID: ${messageId}`, "Thanks!", "<p>Thanks!</p>", "Content-Disposition: attachment; filename=receipt.txt", Buffer.from("receipt").toString("base64")]) {
      assert.ok(eml.includes(line), `the message has ${line}`);
    }
    assert.deepEqual(await call("/object/ANYONE", JSON.stringify({ from: "a@example.com", to: "b@example.com", text: "x" })), {
      error: "Error: send(): subject: Invalid input: expected string, received undefined",
    });
    assert.deepEqual(await call("/object/ANYONE", JSON.stringify({ from: "a@example.com", to: "b@example.com", subject: "no body" })), { error: "Error: send(): the message: text or html is required" });
    const withId = { from: "noreply@example.com", to: "support@example.com", subject: "s", text: "t", headers: { "Message-ID": "<given@example.com>" } };
    assert.deepEqual(await call("/object/SUPPORT_ONLY", JSON.stringify(withId)), { messageId: "<given@example.com>" }, "a Message-ID header is kept");
  });

  it("/cdn-cgi/handler/email runs email() with the message, answering as wrangler dev does", async () => {
    const deliver = (query: string, headers: Record<string, string>) =>
      dev.fetch(`/cdn-cgi/handler/email${query}`, { method: "POST", body: rawMessage(headers, "buy now") }).then(async (response) => [response.status, await response.text()]);
    const headers = { From: "sender@example.com", To: "inbox@example.com", "Message-ID": "<in-1@example.com>", Subject: "hello" };
    assert.deepEqual(await deliver("?from=sender@example.com&to=inbox@example.com", headers), [200, "Worker successfully processed email"]);
    assert.deepEqual(await (await dev.fetch("/incoming")).json(), { from: "sender@example.com", to: "inbox@example.com", subject: "hello", rawSize: rawMessage(headers, "buy now").length, body: "buy now" });
    assert.deepEqual(await deliver("?from=sender@example.com&to=inbox@example.com", { ...headers, Subject: "spam" }), [400, "Worker rejected email with the following reason: we do not want it"]);
    await dev.waitForOutput(/Email handler rejected message with the following reason: "we do not want it"/);
    assert.deepEqual(await deliver("?from=sender@example.com&to=inbox@example.com", { ...headers, Subject: "forward me" }), [200, "Worker successfully processed email"]);
    await dev.waitForOutput(/Email handler forwarded message with rcptTo: team@example\.com/);
    assert.deepEqual(await deliver("?from=sender@example.com&to=inbox@example.com", { ...headers, Subject: "reply to me" }), [200, "Worker successfully processed email"]);
    await dev.waitForOutput(/Email handler replied to sender with a message from inbox@example\.com to sender@example\.com/);
    assert.deepEqual(await deliver("?from=sender@example.com", headers), [400, "Invalid email. Your request must include URL parameters specifying the `from` and `to` addresses, as well as an email in the body"]);
    const { "Message-ID": _, ...withoutId } = headers;
    assert.deepEqual(await deliver("?from=sender@example.com&to=inbox@example.com", withoutId), [400, "Email could not be parsed: invalid or no message id provided"]);
  });
});

describe("Email: a worker without email()", () => {
  let project: string;
  useFixtureCopy("hello", (copy) => (project = copy));

  it("/cdn-cgi/handler/email answers 404 naming the missing handler", async () => {
    await withDev([project], async (dev) => {
      const response = await dev.fetch("/cdn-cgi/handler/email?from=a@example.com&to=b@example.com", { method: "POST", body: rawMessage({ "Message-ID": "<m@example.com>" }) });
      assert.deepEqual([response.status, await response.text()], [404, "The worker does not export an email() handler."]);
    });
  });
});
