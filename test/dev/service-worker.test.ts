import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import type { OutpostDev } from "../helpers/outpost-cli.js";

/** The scheduler's clock runs this many times faster here: a minute a second. */
const CLOCK_SCALE = "60";

describe("outpost dev: a Service Worker format script (addEventListener)", () => {
  let dev: OutpostDev;
  useRunningCopy("service-worker", (started) => (dev = started), { env: { OUTPOST_TEST_CLOCK_SCALE: CLOCK_SCALE } });

  it("fetch: the listener answers with respondWith(); vars are globals at the top level; a removed listener never runs", async () => {
    const response = await dev.fetch("/");
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "hello from service-worker; fetch event, an Event: true");
  });

  it("bindings: a KV namespace is a global that reads and writes", async () => {
    assert.equal(await (await dev.fetch("/notes?key=a&value=first")).text(), "first");
    assert.equal(await (await dev.fetch("/notes?key=a")).text(), "first");
  });

  it("wasm_modules, text_blobs and data_blobs: globals holding a WebAssembly.Module, a string and an ArrayBuffer", async () => {
    assert.equal(await (await dev.fetch("/blobs")).text(), "add(2, 3) = 5; small is beautiful; cafebabe");
  });

  it("listeners run in order until one responds", async () => {
    assert.equal(await (await dev.fetch("/elsewhere")).text(), "second listener: /elsewhere");
  });

  it("respondWith(): a second call is refused with workerd's InvalidStateError", async () => {
    assert.equal(
      await (await dev.fetch("/twice")).text(),
      "InvalidStateError: FetchEvent.respondWith() has already been called; it can only be called once.",
    );
  });

  it("no listener responds: a 500 saying so, and respondWith() afterwards is too late", async () => {
    const from = dev.output.length;
    const response = await dev.fetch("/abandon");
    assert.equal(response.status, 500);
    await response.text();
    await dev.waitForOutput(/No "fetch" event listener called event\.respondWith\(\), and there is no origin to pass the request through to\./, from);
    assert.equal(
      await (await dev.fetch("/too-late")).text(),
      "InvalidStateError: Too late to call FetchEvent.respondWith(). It must be called synchronously in the event handler.",
    );
  });

  it("waitUntil() and passThroughOnException() work as ctx's do", async () => {
    const from = dev.output.length;
    assert.equal(await (await dev.fetch("/wait")).text(), "responded");
    await dev.waitForOutput(/\[service-worker\] waited until after the response/, from);
    assert.equal(await (await dev.fetch("/pass")).text(), "passed");
  });

  it("a listener that throws: 500, its stack mapped to the .ts source without Outpost's frames, and the request logged", async () => {
    const from = dev.output.length;
    const response = await dev.fetch("/throw");
    assert.equal(response.status, 500);
    await response.text();
    await dev.waitForOutput(/a listener failed on purpose[\s\S]*?src\/fail\.ts:2:\d+/, from);
    await dev.waitForOutput(/\[service-worker\] GET \/throw 500 Internal Server Error/, from);
    assert.doesNotMatch(dev.output.slice(from), /__outpost_/, "Outpost's own frames are left out of the stack");
  });

  it("other events still reach the global scope: unhandledrejection", async () => {
    const from = dev.output.length;
    assert.equal(await (await dev.fetch("/reject")).text(), "rejected");
    await dev.waitForOutput(/\[service-worker\] unhandled rejection seen: nobody handles this/, from);
  });

  it("scheduled: /__scheduled runs the scheduled listener with the cron given", async () => {
    const from = dev.output.length;
    const response = await dev.fetch(`/__scheduled?cron=${encodeURIComponent("0 9 * * 1")}`);
    assert.equal(await response.text(), "Ran scheduled event");
    await dev.waitForOutput(/\[service-worker\] tick 0 9 \* \* 1 at \d+/, from);
  });

  it("scheduled: the config's cron fires the scheduled listener at the start of a minute", async () => {
    const tick = await dev.waitForOutput(/\[service-worker\] tick \* \* \* \* \* at (\d+)/);
    assert.equal(Number(tick[1]) % 60_000, 0);
  });
});
