import type { Server } from "node:http";
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
