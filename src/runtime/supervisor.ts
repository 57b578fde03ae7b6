import type { Logger } from "../logging/logger.js";
import type { ListenSocket } from "./listen-socket.js";
import { WorkerdProcess, type WorkerdProcessOptions } from "./workerd-process.js";

export interface Deployment extends Omit<WorkerdProcessOptions, "socket" | "logger"> {
  /** Whether it runs Durable Objects, which no two workerd processes may run at once. */
  runsDurableObjects: boolean;
}

interface Serving {
  process: WorkerdProcess;
  deployment: Deployment;
}

/** How long to wait before restarting a workerd that crashed while serving. */
const RESTART_DELAY_MS = 500;

/**
 * Keeps exactly one workerd serving the listening socket. A new deployment starts a second workerd
 * on the same socket and stops the old one only once the new one listens, so the port never closes:
 * requests in flight finish on the old code and new connections reach the new code. Durable
 * Objects are the exception: an object runs in one place only, so a deployment that has them, or
 * replaces one that has, starts only once the old workerd is gone; connections wait in the
 * socket's backlog meanwhile.
 */
export class WorkerdSupervisor {
  readonly #socket: ListenSocket;
  readonly #logger: Logger;
  #current: Serving | undefined;
  #closed = false;

  constructor(socket: ListenSocket, logger: Logger) {
    this.#socket = socket;
    this.#logger = logger;
  }

  /** Serves `deployment`. If it fails to start, the previous deployment keeps serving and this rejects. */
  async deploy(deployment: Deployment): Promise<void> {
    const previous = this.#current;
    if (previous !== undefined && (previous.deployment.runsDurableObjects || deployment.runsDurableObjects)) {
      return this.#replace(previous, deployment);
    }
    await this.#start(deployment);
    await previous?.process.stop();
  }

  /** The V8 inspector port of the workerd serving now, if its deployment asked for one. */
  get inspectorPort(): number | undefined {
    return this.#current?.process.inspectorPort;
  }

  /** Ends every request in flight, as `wrangler dev` does when it stops. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#current?.process.kill();
    this.#socket.close();
  }

  async #start(deployment: Deployment): Promise<void> {
    const process = await WorkerdProcess.start({ ...deployment, socket: this.#socket, logger: this.#logger });
    this.#current = { process, deployment };
    void this.#watch(process);
  }

  /**
   * Kills `previous` before `deployment` starts, as `wrangler dev` does, so its Durable Objects, their
   * WebSockets and alarms are gone before new ones start on the same storage. If `deployment` fails
   * to start, `previous` is started again and keeps serving.
   */
  async #replace(previous: Serving, deployment: Deployment): Promise<void> {
    this.#current = undefined;
    await previous.process.kill();
    try {
      await this.#start(deployment);
    } catch (error) {
      await this.#start(previous.deployment).catch((restartError: unknown) => {
        this.#logger.error(`The last version could not start again either: ${(restartError as Error).message}`);
      });
      throw error;
    }
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
