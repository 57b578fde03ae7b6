import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import { fixturesDir, OutpostDev } from "../helpers/outpost-cli.js";
import { until } from "../helpers/until.js";

interface ProtocolMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
}

/** A debugger's connection, as Chrome DevTools and VS Code make it: V8's inspector protocol over a WebSocket. */
class DebuggerConnection {
  readonly #socket: WebSocket;
  readonly #events: ProtocolMessage[] = [];
  readonly #waiting = new Set<() => void>();
  #nextId = 0;

  protected constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on("message", (data) => {
      this.#events.push(JSON.parse(String(data)) as ProtocolMessage);
      for (const wake of this.#waiting) wake();
    });
    socket.on("close", () => {
      for (const wake of this.#waiting) wake();
    });
  }

  static async open(url: string): Promise<DebuggerConnection> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    return new DebuggerConnection(socket);
  }

  async call(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = ++this.#nextId;
    this.#socket.send(JSON.stringify({ id, method, params }));
    return (await this.next((message) => message.id === id)).result ?? {};
  }

  /** The first message, received or to come, that `matches`. */
  async next(matches: (message: ProtocolMessage) => boolean): Promise<ProtocolMessage> {
    for (;;) {
      const found = this.#events.find(matches);
      if (found !== undefined) return found;
      if (this.#socket.readyState !== WebSocket.OPEN) throw new Error("The inspector closed the connection.");
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiting.delete(wake);
          resolve();
        };
        this.#waiting.add(wake);
      });
    }
  }

  /** Every message received so far, in order. */
  get events(): readonly ProtocolMessage[] {
    return this.#events;
  }

  /** Resolves once the connection has closed, from either side. */
  get closed(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.#socket.once("close", () => resolve()));
  }

  close(): void {
    this.#socket.close();
  }
}

/** The WebSocket URL a debugger reaches the hello worker at, through the inspector port at `origin`. */
function helloTarget(origin: string): string {
  return `${origin.replace("http", "ws")}/hello`;
}

/** Runs `use` with a debugger connected to the hello worker, and disconnects it afterwards. */
async function withDebugger(origin: string, use: (connection: DebuggerConnection) => Promise<void>): Promise<void> {
  const connection = await DebuggerConnection.open(helloTarget(origin));
  try {
    await use(connection);
  } finally {
    connection.close();
  }
}

/** The source map a `Debugger.scriptParsed` message carries as a data URL. */
function sourceMapOf(scriptParsed: ProtocolMessage): { sources: string[]; sourcesContent: string[] } {
  const sourceMapUrl = String(scriptParsed.params!.sourceMapURL);
  const prefix = "data:application/json;base64,";
  assert.ok(sourceMapUrl.startsWith(prefix), sourceMapUrl.slice(0, 80));
  return JSON.parse(Buffer.from(sourceMapUrl.slice(prefix.length), "base64").toString("utf8")) as { sources: string[]; sourcesContent: string[] };
}

function argsOf(message: ProtocolMessage): { type: string; value?: unknown }[] {
  return message.params!.args as { type: string; value?: unknown }[];
}

describe("outpost dev: the debugger (--inspector-port)", () => {
  const hello = path.join(fixturesDir, "hello");
  let dev: OutpostDev;
  let inspectorOrigin: string;
  before(async () => {
    dev = await OutpostDev.start([hello, "--inspector-port", "0"]);
    inspectorOrigin = (await dev.waitForOutput(/Debugger on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
  });
  after(() => dev.kill());

  it("/json/list: the served worker, not Outpost's own, reached through the inspector port", async () => {
    const targets = (await (await fetch(`${inspectorOrigin}/json/list`)).json()) as { id: string; webSocketDebuggerUrl: string }[];
    const host = new URL(inspectorOrigin).host;
    assert.deepEqual(
      targets.map((target) => [target.id, target.webSocketDebuggerUrl]),
      [["hello", `ws://${host}/hello`]],
    );
    assert.equal(((await (await fetch(`${inspectorOrigin}/json/version`)).json()) as { Browser: string }).Browser, "workerd");
  });

  it("scripts: the worker's bundle carries its source map, with the .ts sources by file URL and their text", async () => {
    await withDebugger(inspectorOrigin, async (debuggerConnection) => {
      await debuggerConnection.call("Debugger.enable");
      const parsed = await debuggerConnection.next((message) => message.method === "Debugger.scriptParsed" && message.params?.url === "index.js");
      const map = sourceMapOf(parsed);
      const index = map.sources.indexOf(new URL(`file://${path.join(hello, "src/index.ts")}`).href);
      assert.notEqual(index, -1, map.sources.join(", "));
      assert.equal(map.sourcesContent[index], await readFile(path.join(hello, "src/index.ts"), "utf8"));
    });
  });

  it("console: the debugger shows the worker's console calls as it made them, and none of Outpost's own records", async () => {
    await withDebugger(inspectorOrigin, async (debuggerConnection) => {
      await debuggerConnection.call("Runtime.enable");
      for (let i = 0; i < 2; i++) assert.equal(await (await dev.fetch("/log")).text(), "logged");
      const consoleCalls = () => debuggerConnection.events.filter((message) => message.method === "Runtime.consoleAPICalled");
      // The first request's line is written before the second's console calls, so it has come by the second's last.
      await debuggerConnection.next(() => consoleCalls().filter((message) => argsOf(message)[0]?.value === "an error line").length === 2);
      const [logged] = consoleCalls();
      assert.equal(argsOf(logged!)[0]!.value, "hello from worker");
      assert.equal(argsOf(logged!)[1]!.type, "object");
      assert.deepEqual(
        consoleCalls().filter((message) => String(argsOf(message)[0]?.value).includes("\u001e")),
        [],
      );
    });
  });

  it("breakpoints: a `debugger` statement holds the request until the debugger resumes it", async () => {
    await withDebugger(inspectorOrigin, async (debuggerConnection) => {
      await debuggerConnection.call("Debugger.enable");
      const bundle = await debuggerConnection.next((message) => message.method === "Debugger.scriptParsed" && message.params?.url === "index.js");
      const response = dev.fetch("/debugger");
      const paused = await debuggerConnection.next((message) => message.method === "Debugger.paused");
      await debuggerConnection.call("Debugger.resume");
      assert.equal(await (await response).text(), "resumed");
      const [frame] = paused.params!.callFrames as { functionName: string; location: { scriptId: string } }[];
      assert.deepEqual([frame!.functionName, frame!.location.scriptId], ["fetch", bundle.params!.scriptId]);
    });
  });
});

describe("outpost dev: the debugger across a reload", () => {
  let dev: OutpostDev;
  let project: string;
  useRunningCopy(
    "hello",
    (started, copy) => {
      dev = started;
      project = copy;
    },
    { args: ["--inspector-port", "0"] },
  );

  it("a reload ends the debugger's connection, and the same port reaches the new workerd", async () => {
    const inspectorOrigin = (await dev.waitForOutput(/Debugger on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
    const before = await DebuggerConnection.open(helloTarget(inspectorOrigin));
    await before.call("Runtime.enable");
    const source = path.join(project, "src/index.ts");
    await writeFile(source, (await readFile(source, "utf8")).replace('const VERSION = "v1"', 'const VERSION = "v2"'));
    await until(async () => (await (await dev.fetch("/version")).text()) === "v2", "the edit to be served");
    await before.closed;
    await withDebugger(inspectorOrigin, async (after) => {
      await after.call("Debugger.enable");
      const parsed = await after.next((message) => message.method === "Debugger.scriptParsed" && message.params?.url === "index.js");
      assert.match(sourceMapOf(parsed).sourcesContent.join("\n"), /const VERSION = "v2"/);
    });
  });
});
