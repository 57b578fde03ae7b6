import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { rm } from "node:fs/promises";
import type { Logger } from "../logging/logger.js";
import { closeHttp, hungUpMidBody } from "./http-server.js";

export type ServiceHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Answers 404 to a request that is no call `service` has. */
export function refuseUnknownCall(service: string, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(404).end(`No ${service} call ${request.method} ${request.url}`);
}

/** Whether `request` is `service`'s one call, `method path`; any other request is refused and answered here. */
export function isServiceCall(service: string, method: string, path: string, request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method === method && request.url === path) return true;
  refuseUnknownCall(service, request, response);
  return false;
}

/** The header each platform request carries, set by workerd's external service, naming the service. */
export const SERVICE_HEADER = "x-outpost-service";

/**
 * The HTTP server, on a unix socket private to this machine and user, behind workerd's native
 * KV, R2 and Queue bindings. workerd adds `x-outpost-service` (and the service's own headers) to
 * every request, so one socket serves every service.
 */
export class ServiceHost {
  readonly socketPath: string;
  readonly #server: Server;
  readonly #handlers = new Map<string, ServiceHandler>();

  protected constructor(socketPath: string, logger: Logger) {
    this.socketPath = socketPath;
    this.#server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
      const handler = this.#handlers.get(String(request.headers[SERVICE_HEADER]));
      if (handler === undefined) {
        response.writeHead(404, "No such Outpost service").end();
        return;
      }
      handler(request, response).catch((error: unknown) => {
        if (hungUpMidBody(request)) return;
        logger.error(`${String(request.headers[SERVICE_HEADER])} service failed: ${(error as Error).message ?? error}`);
        if (!response.headersSent) response.writeHead(500, "Internal error in Outpost");
        response.end();
      });
    });
  }

  static async listen(socketPath: string, logger: Logger): Promise<ServiceHost> {
    await rm(socketPath, { force: true });
    const host = new ServiceHost(socketPath, logger);
    await new Promise<void>((resolve, reject) => {
      host.#server.once("error", reject);
      host.#server.listen(socketPath, resolve);
    });
    return host;
  }

  register(service: string, handler: ServiceHandler): void {
    this.#handlers.set(service, handler);
  }

  async close(): Promise<void> {
    await closeHttp(this.#server);
  }
}
