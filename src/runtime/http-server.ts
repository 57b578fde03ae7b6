import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Listens `server` on `ip:port`; a port already taken rejects with `portInUse()`'s error, naming the flag to change. */
export async function listenHttp(server: Server, ip: string, port: number, portInUse: () => Error): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "EADDRINUSE" ? portInUse() : error));
    server.listen(port, ip, resolve);
  });
}

/** `http://<address>:<port>` of a listening server, an IPv6 address in brackets. */
export function httpOrigin(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
}

/** Closes `server` and every connection it holds, idle keep-alive ones included. */
export async function closeHttp(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Whether the client closed the connection before sending all of `request`'s body. Whatever a
 * handler then failed with follows from the hang-up; there is no one left to answer, and nothing
 * of ours went wrong.
 */
export function hungUpMidBody(request: IncomingMessage): boolean {
  return !request.complete && request.socket.destroyed;
}

/** Answers `body` as JSON, with its length; `statusText` replaces the status's usual text, and `headers` add to the two. */
export function sendJson(response: ServerResponse, status: number, body: unknown, options: { statusText?: string; headers?: Record<string, string> } = {}): void {
  const text = JSON.stringify(body);
  const headers = { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...options.headers };
  if (options.statusText === undefined) response.writeHead(status, headers);
  else response.writeHead(status, options.statusText, headers);
  response.end(text);
}
