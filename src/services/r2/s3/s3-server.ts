import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../../../logging/logger.js";
import { OutpostError } from "../../../errors.js";
import { closeHttp, httpOrigin, hungUpMidBody, listenHttp } from "../../../runtime/index.js";
import { R2Error } from "../errors.js";
import { discardBody } from "../http-body.js";
import type { R2Store } from "../store.js";
import { resolveAddress } from "./addressing.js";
import { answerPreflight, corsResponseHeaders } from "./cors-operations.js";
import { verifySignature, type SecretLookup } from "./request-signature.js";
import { routeOperation } from "./router.js";
import { BODY_COMING, continueOnFirstRead, type BodyExpectation } from "./expect-continue.js";
import { asS3Error, S3Error } from "./s3-error.js";
import { sendError } from "./s3-response.js";

export interface S3ServerOptions {
  /** Address (or host name) to listen on; also a host name virtual-host-style requests may use. */
  ip: string;
  /** 0 picks a free port. */
  port: number;
  store: R2Store;
  secrets: SecretLookup;
  /** @default () => new Date() */
  now?: () => Date;
}

export type S3ServerErrorCode = "ERR_S3_PORT_IN_USE";

export class S3ServerError extends OutpostError<S3ServerErrorCode> {}

/**
 * R2's S3-compatible API over HTTP, on its own port. Every request but a CORS preflight must carry
 * an AWS Signature V4 made with a key from `outpost r2 keys create`. Bodies stream both ways.
 */
export class S3Server {
  readonly #server: Server;
  readonly #options: S3ServerOptions;
  readonly #logger: Logger;
  /** Host names under which `<bucket>.<host>` is virtual-host-style addressing. */
  readonly #baseHosts: ReadonlySet<string>;

  protected constructor(server: Server, options: S3ServerOptions, logger: Logger) {
    this.#server = server;
    this.#options = options;
    this.#logger = logger;
    this.#baseHosts = new Set(["localhost", options.ip.toLowerCase()]);
  }

  static async listen(options: S3ServerOptions, logger: Logger): Promise<S3Server> {
    const server = createServer();
    const s3 = new S3Server(server, options, logger);
    server.on("request", (incoming: IncomingMessage, response: ServerResponse) => void s3.#serve(incoming, response, BODY_COMING));
    server.on("checkContinue", (incoming: IncomingMessage, response: ServerResponse) => void s3.#serve(incoming, response, continueOnFirstRead(incoming, response)));
    await listenHttp(
      server,
      options.ip,
      options.port,
      () => new S3ServerError("ERR_S3_PORT_IN_USE", `The S3 API port ${options.port} on ${options.ip} is in use. Pass --s3-port with a free port, or 0 for any.`),
    );
    return s3;
  }

  get url(): string {
    return httpOrigin(this.#server);
  }

  async close(): Promise<void> {
    await closeHttp(this.#server);
  }

  async #serve(incoming: IncomingMessage, response: ServerResponse, body: BodyExpectation): Promise<void> {
    const requestId = randomBytes(8).toString("hex").toUpperCase();
    const method = incoming.method ?? "GET";
    const url = incoming.url ?? "/";
    const queryAt = url.indexOf("?");
    const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? "" : url.slice(queryAt + 1);
    let resource = rawPath;
    response.setHeader("x-amz-request-id", requestId);
    try {
      const { bucket, key } = resolveAddress(incoming.headers.host, rawPath, this.#baseHosts);
      resource = `/${[bucket, key].filter((part) => part !== undefined).join("/")}`;
      const { store } = this.#options;
      if (method === "OPTIONS") {
        const preflight = answerPreflight(store, bucket, incoming);
        response.writeHead(preflight.status, { ...preflight.headers, "Content-Length": 0 });
        response.end();
        return;
      }
      const query = new URLSearchParams(rawQuery);
      const signature = verifySignature(incoming, { rawPath, rawQuery, query }, this.#options.secrets, this.#options.now?.() ?? new Date());
      const request = { incoming, method, bucket, key, query, headers: incoming.headers, signature, requestId };
      const operation = routeOperation(request);
      // Before any body is read: a client waiting for 100 Continue then never sends it.
      if (bucket !== undefined && key !== undefined && !store.hasBucket(bucket)) throw new R2Error("NoSuchBucket");
      for (const [name, value] of Object.entries(corsResponseHeaders(store, bucket, incoming))) response.setHeader(name, value!);
      await operation({ request, response, store });
    } catch (error) {
      if (hungUpMidBody(incoming)) return;
      // A body on its way is read to its end first: a client that asked to close the connection
      // would otherwise meet the socket closed under its upload, and see a reset, not this error.
      if (body.coming && !incoming.complete) await discardBody(incoming);
      this.#fail(response, error, { method, resource, requestId });
    }
    // A body the operation did not read (refused before it was needed) is discarded, so the
    // client can finish sending it, read the answer and reuse the connection.
    if (!incoming.complete) void discardBody(incoming);
  }

  #fail(response: ServerResponse, error: unknown, context: { method: string; resource: string; requestId: string }): void {
    let refusal = asS3Error(error);
    if (refusal === undefined) {
      this.#logger.error(`S3 ${context.method} ${context.resource} failed: ${(error as Error)?.stack ?? String(error)}`);
      refusal = new S3Error("InternalError", 500, "We encountered an internal error. Please try again.");
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    sendError(response, refusal, context);
  }
}

