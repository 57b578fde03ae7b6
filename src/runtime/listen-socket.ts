import { spawnSync } from "node:child_process";
import { lookup } from "node:dns/promises";
import { isIP, isIPv6 } from "node:net";
import { getSystemErrorName } from "node:util";
import { OutpostError } from "../errors.js";

interface TcpHandle {
  bind(address: string, port: number): number;
  bind6(address: string, port: number, flags: number): number;
  getsockname(out: { address?: string; port?: number }): number;
  close(): void;
  readonly fd: number;
}

interface TcpWrapBinding {
  TCP: new (type: number) => TcpHandle;
  constants: { SERVER: number };
}

export type ListenSocketErrorCode = "ERR_PORT_IN_USE" | "ERR_ADDRESS_UNAVAILABLE" | "ERR_HOST_UNKNOWN" | "ERR_LISTEN_FAILED";

export class ListenSocketError extends OutpostError<ListenSocketErrorCode> {}

/**
 * The socket clients connect to, owned by Outpost for the whole session so that successive workerd
 * processes can serve on it without a moment where the port is closed.
 *
 * Node must never accept on it: a Node server listening on the same descriptor would race workerd
 * for connections. So the socket is bound here through libuv's raw TCP handle, which does not poll,
 * and put into the listening state by a one-shot child process that exits at once.
 */
export class ListenSocket {
  readonly #handle: TcpHandle;

  protected constructor(
    handle: TcpHandle,
    readonly address: string,
    readonly port: number,
  ) {
    this.#handle = handle;
  }

  /** Binds `host` (an address, or a name such as `localhost`, resolved once) and `port`. */
  static async open(host: string, port: number): Promise<ListenSocket> {
    const address = await resolveHost(host);
    const { TCP, constants } = (process as unknown as { binding(name: string): TcpWrapBinding }).binding("tcp_wrap");
    const handle = new TCP(constants.SERVER);
    const bindStatus = isIPv6(address) ? handle.bind6(address, port, 0) : handle.bind(address, port);
    const bound: { address?: string; port?: number } = {};
    // libuv defers EADDRINUSE from bind() to the next call on the handle, so ask for the address.
    const status = bindStatus || handle.getsockname(bound);
    if (status !== 0) {
      handle.close();
      throw bindError(status, address, port);
    }
    const listen = spawnSync(process.execPath, ["-e", LISTEN_ONCE], { stdio: ["ignore", "ignore", "pipe", handle.fd] });
    if (listen.status !== 0) {
      handle.close();
      throw new ListenSocketError("ERR_LISTEN_FAILED", `Could not listen on ${address}:${port}: ${listen.stderr.toString().trim()}`);
    }
    return new ListenSocket(handle, address, bound.port!);
  }

  get fd(): number {
    return this.#handle.fd;
  }

  /** The socket's URL for clients speaking `protocol`. */
  url(protocol: "http" | "https"): string {
    const host = isIPv6(this.address) ? `[${this.address}]` : this.address;
    return `${protocol}://${host}:${this.port}`;
  }

  close(): void {
    this.#handle.close();
  }
}

const LISTEN_ONCE = "require('node:net').createServer().listen({ fd: 3, backlog: 511 }, () => process.exit(0));";

async function resolveHost(host: string): Promise<string> {
  if (isIP(host) !== 0) return host;
  try {
    return (await lookup(host)).address;
  } catch {
    throw new ListenSocketError("ERR_HOST_UNKNOWN", `Cannot listen on ${host}: no address is known for that name. Check --ip.`);
  }
}

function bindError(status: number, address: string, port: number): ListenSocketError {
  const name = getSystemErrorName(status);
  if (name === "EADDRINUSE") {
    return new ListenSocketError(
      "ERR_PORT_IN_USE",
      `Port ${port} on ${address} is already in use. Stop the process using it, or pick another port with --port.`,
    );
  }
  if (name === "EADDRNOTAVAIL") {
    return new ListenSocketError("ERR_ADDRESS_UNAVAILABLE", `Cannot listen on ${address}: no network interface has that address. Check --ip.`);
  }
  return new ListenSocketError("ERR_LISTEN_FAILED", `Could not listen on ${address}:${port} (${name}).`);
}
