import type { Logger } from "../logging/logger.js";
import type { ListenSocket } from "./listen-socket.js";
import { WorkerdProcess, type WorkerdProcessOptions } from "./workerd-process.js";

export type Deployment = Omit<WorkerdProcessOptions, "socket" | "logger">;

/** How long to wait before restarting a workerd that crashed while serving. */
const RESTART_DELAY_MS = 500;

/**
 * Keeps exactly one workerd serving the listening socket. A new deployment starts a second workerd
 * on the same socket and stops the old one only once the new one listens, so the port never closes:
 * requests in flight finish on the old code and new connections reach the new code.
 */
export class WorkerdSupervisor {
  readonly #socket: ListenSocket;
  readonly #logger: Logger;
  #current: { process: WorkerdProcess; deployment: Deployment } | undefined;
  #closed = false;

  constructor(socket: ListenSocket, logger: Logger) {
    this.#socket = socket;
    this.#logger = logger;
  }

  /** Serves `deployment`. If it fails to start, the previous deployment keeps serving and this rejects. */
  async deploy(deployment: Deployment): Promise<void> {
    const process = await WorkerdProcess.start({ ...deployment, socket: this.#socket, logger: this.#logger });
    const previous = this.#current;
    this.#current = { process, deployment };
    void this.#watch(process);
    await previous?.process.stop();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#current?.process.stop();
    this.#socket.close();
  }

  async #watch(process: WorkerdProcess): Promise<void> {
    const code = await process.exited;
    if (this.#closed || this.#current?.process !== process) return;
    this.#logger.error(`workerd exited unexpectedly (code ${code}); restarting it.`);
    await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
    if (this.#closed || this.#current?.process !== process) return;
    try {
      await this.deploy(this.#current.deployment);
    } catch (error) {
      this.#logger.error(error instanceof Error ? error.message : String(error));
    }
  }
}
