import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import { fixturesDir, OutpostDev } from "../helpers/outpost-cli.js";
import { until } from "../helpers/until.js";

describe("outpost dev: handlers", () => {
  let dev: OutpostDev;
  before(async () => {
    dev = await OutpostDev.start([path.join(fixturesDir, "hello")]);
  });
  after(() => dev.kill());

  it("fetch: serves the worker's response", async () => {
    const response = await dev.fetch("/");
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "Hello World!");
  });

  it("logs: one line per request with method, path, status and duration; the path without its query, as wrangler dev logs it", async () => {
    const from = dev.output.length;
    await (await dev.fetch("/?q=1")).text();
    await dev.waitForOutput(/\[hello\] GET \/ 200 OK \(\d+ms\)/, from);
    assert.doesNotMatch(dev.output.slice(from), /q=1/);
  });

  it("logs: a request's line prints before the console output of a request that came after it", async () => {
    const from = dev.output.length;
    await (await dev.fetch("/version")).text();
    await (await dev.fetch("/log")).text();
    await dev.waitForOutput(/\[hello\] GET \/log 200 OK/, from);
    assert.match(dev.output.slice(from), /GET \/version 200 OK[^\n]*\n[\s\S]*hello from worker/);
  });

  it("logs: the request line gives the reason phrase the worker responded with, as wrangler dev logs it", async () => {
    const from = dev.output.length;
    const response = await dev.fetch("/reason");
    assert.equal(response.statusText, "Page not found: /reason");
    await response.text();
    await dev.waitForOutput(/\[hello\] GET \/reason 404 Page not found: \/reason \(\d+ms\)/, from);
  });

  it("logs: console output is prefixed with the worker's name", async () => {
    const from = dev.output.length;
    assert.equal(await (await dev.fetch("/log")).text(), "logged");
    await dev.waitForOutput(/\[hello\] hello from worker \{ a: 1 \}/, from);
    await dev.waitForOutput(/\[hello\] an error line/, from);
  });

  it("errors: a thrown exception is logged with a stack mapped to the user's .ts source", async () => {
    const from = dev.output.length;
    const response = await dev.fetch("/throw");
    assert.equal(response.status, 500);
    await response.text();
    const logged = await dev.waitForOutput(/boom from user code[\s\S]*?src\/boom\.ts:(\d+):\d+/, from);
    assert.equal(logged[1], "2");
    await dev.waitForOutput(/\[hello\] GET \/throw 500 Internal Server Error/, from);
  });

  it("errors: curl gets the thrown exception's stack, mapped to the user's sources, as text, as from wrangler dev", async () => {
    const response = await dev.fetch("/throw", { headers: { "User-Agent": "curl/8.5.0", Accept: "*/*" } });
    assert.equal(response.status, 500);
    assert.equal(response.headers.get("Content-Type"), "text/plain;charset=UTF-8");
    assert.match(await response.text(), /^Error: boom from user code\n\s+at boom \(\S*src\/boom\.ts:2:\d+\)\n\s+at Object\.fetch \(\S*src\/index\.ts:26:\d+\)$/);
  });

  it("errors: a browser gets the thrown exception as an HTML page, its stack mapped", async () => {
    const response = await dev.fetch("/throw", { headers: { "User-Agent": "Mozilla/5.0", Accept: "text/html,application/xhtml+xml" } });
    assert.equal(response.status, 500);
    assert.equal(response.headers.get("Content-Type"), "text/html;charset=utf-8");
    const page = await response.text();
    assert.match(page, /<title>Error: boom from user code<\/title>/);
    assert.match(page, /<pre>\s+at boom \(\S*src\/boom\.ts:2:\d+\)/);
  });

  it("logs: a caught error's stack, logged at any level, is mapped to the .ts source without Outpost's frames; other lines stay as written", async () => {
    /** The user's three frames and no frame after them: Outpost's own are left out. */
    const stack = String.raw`Error: boom from user code\n\s+at boom \(\S*src/boom\.ts:2:\d+\)\n\s+at caught \(\S*src/index\.ts:7:\d+\)\n\s+at Object\.fetch \(\S*src/index\.ts:(\d+):\d+\)\n(?!\s+at )`;
    const logged = [
      { route: "/log-caught/error", pattern: new RegExp(String.raw`\[hello\] ${stack}`), line: "29" },
      { route: "/log-caught/stack", pattern: new RegExp(String.raw`\[hello\] ${stack}`), line: "32" },
      { route: "/log-caught/warn", pattern: new RegExp(String.raw`\[hello\] index\.js:1:1 stays as written\n\s+${stack}`), line: "35" },
    ];
    for (const { route, pattern, line } of logged) {
      const from = dev.output.length;
      assert.equal(await (await dev.fetch(route)).text(), "logged");
      const match = await dev.waitForOutput(pattern, from);
      assert.equal(match[1], line, `${route}: the fetch handler's frame names its line`);
    }
  });

  it("ctx.waitUntil: work finishes after the response was sent", async () => {
    const from = dev.output.length;
    const response = await dev.fetch("/wait");
    assert.equal(await response.text(), "ok");
    assert.doesNotMatch(dev.output.slice(from), /waitUntil done/);
    await dev.waitForOutput(/\[hello\] waitUntil done/, from);
  });

  it("ctx.passThroughOnException: can be called and the response is returned", async () => {
    const response = await dev.fetch("/pass");
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "passed");
  });

  it("scheduled: /__scheduled runs the scheduled() handler with the cron given", async () => {
    const from = dev.output.length;
    const response = await dev.fetch(`/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "Ran scheduled event");
    await dev.waitForOutput(/\[hello\] scheduled ran \*\/5 \* \* \* \*/, from);
  });

  it("scheduled: /cdn-cgi/handler/scheduled runs it too", async () => {
    const from = dev.output.length;
    const response = await dev.fetch(`/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("0 0 * * MON")}`);
    assert.equal(await response.text(), "Ran scheduled event");
    await dev.waitForOutput(/\[hello\] scheduled ran 0 0 \* \* MON/, from);
  });
});

describe("outpost dev: --ip localhost", () => {
  it("--ip: a host name is resolved and served", async () => {
    const dev = await OutpostDev.start([path.join(fixturesDir, "hello"), "--ip", "localhost"]);
    try {
      assert.match(dev.url, /^http:\/\/(127\.0\.0\.1|\[::1\]):\d+$/);
      assert.equal(await (await dev.fetch("/")).text(), "Hello World!");
    } finally {
      await dev.kill();
    }
  });
});

describe("outpost dev: --log-format json", () => {
  let dev: OutpostDev;
  before(async () => {
    dev = await OutpostDev.start([path.join(fixturesDir, "hello"), "--log-format", "json"]);
  });
  after(() => dev.kill());

  it("logs: request and console lines are JSON objects naming the worker", async () => {
    const from = dev.output.length;
    await (await dev.fetch("/log")).text();
    await dev.waitForOutput(/"type":"request"/, from);
    const lines = dev.output.slice(from).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    const request = lines.find((line) => line.type === "request");
    assert.equal(request?.source, "hello");
    assert.equal(request?.method, "GET");
    assert.equal(request?.status, 200);
    assert.equal(typeof request?.durationMs, "number");
    const consoleLine = lines.find((line) => line.type === "console" && line.level === "log");
    assert.equal(consoleLine?.message, "hello from worker { a: 1 }");
    assert.equal(consoleLine?.source, "hello");
  });
});

describe("outpost dev: handlers behind an instrumentation SDK's Proxy", () => {
  let dev: OutpostDev;
  useRunningCopy("instrumented-handlers", (started) => (dev = started));

  it("queue: a handler whose Proxy answers calls only, as otel-cf-workers wraps it, consumes its batch", async () => {
    assert.equal(await (await dev.fetch("/send")).text(), "sent");
    await until(async () => (await (await dev.fetch("/")).text()) === "job-1", "the consumer to record job-1");
  });
});

describe("outpost dev: classes behind an error SDK's wrapper", () => {
  let dev: OutpostDev;
  useRunningCopy("instrumented-classes", (started) => (dev = started));

  it("a WorkerEntrypoint and a Durable Object whose wrapper constructs the class it wraps, as Sentry's does: requests come as from the edge and are logged", async () => {
    const from = dev.output.length;
    for (const path of ["/", "/room"]) {
      const response = await dev.fetch(path);
      assert.equal(response.headers.get("x-instrumented"), "yes");
      assert.deepEqual(await response.json(), { country: "US", ip: "127.0.0.1" });
    }
    await dev.waitForOutput(/\[instrumented-classes\] GET \/room 200 OK/, from);
  });
});

describe("outpost dev: classes that read their prototype while they construct", () => {
  let dev: OutpostDev;
  useRunningCopy("class-prototypes", (started) => (dev = started));

  it("a WorkerEntrypoint and a Durable Object are made with their own class's prototype, not Outpost's subclass's", async () => {
    assert.equal(await (await dev.fetch("/entrypoint")).text(), "Main");
    assert.equal(await (await dev.fetch("/object")).text(), "Prototyped");
  });

  it("a Workflow whose base class wraps the run() it finds on the prototype, as Agents' AgentWorkflow does, runs wrapped", async () => {
    const id = (await (await dev.fetch("/workflow/create")).json()) as string;
    let status: { status: string; output?: unknown; error?: unknown } | undefined;
    await until(
      async () => {
        status = (await (await dev.fetch(`/workflow/status?id=${id}`)).json()) as typeof status;
        return status!.status === "complete" || status!.status === "errored";
      },
      () => `instance ${id} to end; it is ${JSON.stringify(status)}`,
    );
    assert.deepEqual({ status: status!.status, output: status!.output }, { status: "complete", output: "hello outpost" });
  });
});
