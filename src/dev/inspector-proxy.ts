import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { closeHttp, httpOrigin, listenHttp, sendJson } from "../runtime/index.js";
import { joinDebugger } from "./debugger-session.js";
import { DevServerError } from "./errors.js";

/** A target of the inspector's `/json/list`: one per worker. */
interface InspectorTarget {
  id: string;
  webSocketDebuggerUrl?: string;
  devtoolsFrontendUrl?: string;
  devtoolsFrontendUrlCompat?: string;
}

/** The workers Outpost adds to workerd for itself are named `outpost:…`; a debugger is not shown them. */
const INTERNAL_WORKER_PREFIX = "outpost:";

/**
 * The V8 inspector of the workers `outpost dev` serves, for Chrome DevTools and VS Code, on a port
 * that stays the same across reloads, as `wrangler dev`'s inspector proxy is. Each workerd has an
 * inspector of its own on a loopback port of its choosing; this answers `/json/list` and
 * `/json/version` from the one serving now, and joins each debugger's WebSocket to it (see
 * `joinDebugger`). A debugger's connection ends with the workerd it reached, at the next reload;
 * DevTools and VS Code (`"restart": true`) connect again.
 */
export class InspectorProxy {
  readonly #server: Server;
  readonly #webSockets = new WebSocketServer({ noServer: true });

  protected constructor(inspectorPort: () => number | undefined) {
    this.#server = createServer((request, response) => {
      const port = inspectorPort();
      if (port === undefined) {
        response.writeHead(503).end("workerd is not serving yet.");
        return;
      }
      this.#answer(request, response, port).catch(() => {
        if (!response.headersSent) response.writeHead(502).end("workerd's inspector did not answer.");
      });
    });
    this.#server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const port = inspectorPort();
      if (port === undefined) {
        socket.end("HTTP/1.1 503 Service Unavailable\r\n\r\n");
        return;
      }
      this.#webSockets.handleUpgrade(request, socket, head, (client) => joinDebugger(client, `ws://127.0.0.1:${port}${request.url ?? "/"}`));
    });
  }

  /** Listens on loopback `port`, passing debuggers to the inspector at the port `inspectorPort()` gives at the time. */
  static async listen(port: number, inspectorPort: () => number | undefined): Promise<InspectorProxy> {
    const proxy = new InspectorProxy(inspectorPort);
    await listenHttp(
      proxy.#server,
      "127.0.0.1",
      port,
      () => new DevServerError("ERR_PORT_IN_USE", `The inspector port ${port} on 127.0.0.1 is in use. Pass --inspector-port with a free port, or 0 for any.`),
    );
    return proxy;
  }

  get url(): string {
    return httpOrigin(this.#server);
  }

  async close(): Promise<void> {
    for (const client of this.#webSockets.clients) client.terminate();
    await closeHttp(this.#server);
  }

  async #answer(request: IncomingMessage, response: ServerResponse, port: number): Promise<void> {
    const path = (request.url ?? "/").split("?", 1)[0]!.replace(/\/$/, "");
    if (path === "/json/version") {
      sendJson(response, 200, await (await fetch(`http://127.0.0.1:${port}/json/version`)).json());
    } else if (path === "/json" || path === "/json/list") {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as InspectorTarget[];
      const host = request.headers.host ?? new URL(this.url).host;
      sendJson(response, 200, targets.filter((target) => !target.id.startsWith(INTERNAL_WORKER_PREFIX)).map((target) => reachedThrough(target, host)));
    } else {
      response.writeHead(404).end();
    }
  }
}

/** `target` with the URLs a debugger connects to pointing at this proxy, reached at `host`. */
function reachedThrough(target: InspectorTarget, host: string): InspectorTarget {
  const ws = `${host}/${target.id}`;
  return {
    ...target,
    webSocketDebuggerUrl: `ws://${ws}`,
    devtoolsFrontendUrl: `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=${ws}`,
    devtoolsFrontendUrlCompat: `devtools://devtools/bundled/inspector.html?experiments=true&v8only=true&ws=${ws}`,
  };
}
