import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { closeHttp, httpOrigin } from "./http-server.js";
import type { StackMapper } from "./stack-mapper.js";

/** The longest stack mapped; a longer one is answered as it came. */
const MAX_STACK_BYTES = 1024 * 1024;

/**
 * Maps the stack of an exception a worker threw, for the error response its facade sends the
 * client (see `errorResponseSource`): workerd has the stack, and only Outpost the source maps. It
 * listens on loopback, at a path holding a random secret that only the facades' source holds, and
 * answers a POSTed stack with its frames mapped as the log maps them.
 */
export class StackMappingServer {
  readonly #server: Server;
  readonly #path = `/${randomBytes(16).toString("hex")}`;
  #stacks: StackMapper | undefined;

  protected constructor() {
    this.#server = createServer((request, response) => {
      if (request.method !== "POST" || request.url !== this.#path) {
        response.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      request.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_STACK_BYTES) chunks.push(chunk);
      });
      request.on("end", () => {
        const stack = Buffer.concat(chunks).toString("utf8");
        const mapped = size > MAX_STACK_BYTES || this.#stacks === undefined ? stack : this.#stacks.mapFrames(stack);
        response.writeHead(200, { "Content-Type": "text/plain;charset=UTF-8" }).end(mapped);
      });
    });
  }

  static async listen(): Promise<StackMappingServer> {
    const mapping = new StackMappingServer();
    await new Promise<void>((resolve, reject) => {
      mapping.#server.once("error", reject);
      mapping.#server.listen(0, "127.0.0.1", resolve);
    });
    return mapping;
  }

  /** Where a facade POSTs a stack. */
  get url(): string {
    return httpOrigin(this.#server) + this.#path;
  }

  /** Maps stacks with `stacks` from now on: those of the deployment now serving. */
  use(stacks: StackMapper): void {
    this.#stacks = stacks;
  }

  async close(): Promise<void> {
    await closeHttp(this.#server);
  }
}
