import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../logging/logger.js";
import { closeHttp, httpOrigin, listenHttp } from "../runtime/index.js";
import { DevServerError } from "./errors.js";

export type RestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Outpost's Cloudflare-shaped REST API (`/client/v4/…`), today the Queues pull consumer routes, on
 * its own port beside the workers.
 */
export class RestApi {
  readonly #server: Server;

  protected constructor(server: Server) {
    this.#server = server;
  }

  static async listen(ip: string, port: number, handler: RestHandler, logger: Logger): Promise<RestApi> {
    const server = createServer((request, response) => {
      handler(request, response).catch((error: unknown) => {
        logger.error(`REST API request ${request.method} ${request.url} failed: ${(error as Error).message ?? error}`);
        if (!response.headersSent) response.writeHead(500, { "Content-Type": "application/json" });
        response.end(JSON.stringify({ success: false, errors: [{ code: 10002, message: "Internal error in Outpost" }], messages: [], result: null }));
      });
    });
    await listenHttp(
      server,
      ip,
      port,
      () => new DevServerError("ERR_PORT_IN_USE", `The REST API port ${port} on ${ip} is in use. Pass --api-port with a free port, or 0 for any.`),
    );
    return new RestApi(server);
  }

  get url(): string {
    return `${httpOrigin(this.#server)}/client/v4`;
  }

  async close(): Promise<void> {
    await closeHttp(this.#server);
  }
}
