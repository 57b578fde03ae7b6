import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { OutpostError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { ListenSocket } from "./listen-socket.js";
import type { ModuleSourceMap } from "../bundler/index.js";
import { isOutpostFrame, StackMapper } from "./stack-mapper.js";
import { HTTP_SOCKET } from "./workerd-config.js";
import { workerdPath } from "./workerd-binary.js";
import { WorkerdOutput, type RuntimeMessage } from "./workerd-output.js";

export type WorkerdStartErrorCode = "ERR_WORKERD_START_FAILED";

/** workerd exited before it was ready; `message` holds what it printed, stacks mapped to user sources. */
export class WorkerdStartError extends OutpostError<WorkerdStartErrorCode> {}

/**
 * The lifecycle of one workerd process:
 * - `starting`: spawned, not yet listening; its errors are collected for the start failure;
 * - `serving`: listening on the shared socket;
 * - `stopping`: SIGTERM sent, so it finishes requests in flight and exits, or SIGKILL;
 * - `exited`: gone.
 */
export type WorkerdState = "starting" | "serving" | "stopping" | "exited";

export interface WorkerdProcessOptions {
  configFile: string;
  socket: ListenSocket;
  logger: Logger;
  /** Source maps of the modules whose stack frames are mapped back to sources. */
  mappedModules: readonly ModuleSourceMap[];
  /** Paths in mapped stacks are shown relative to this directory. */
  displayRoot: string;
}

/** How long a stopping workerd may take to drain before it is killed. */
const DRAIN_TIMEOUT_MS = 10_000;

/** File descriptors workerd inherits: the listening socket, and a pipe it reports readiness on. */
const SOCKET_FD = 3;
const CONTROL_FD = 4;

export class WorkerdProcess {
  #state: WorkerdState = "starting";
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;
  readonly #startupMessages: RuntimeMessage[] = [];
  readonly #logger: Logger;

  protected constructor(options: WorkerdProcessOptions) {
    this.#logger = options.logger;
    const args = [
      "serve",
      options.configFile,
      "config",
      "--experimental",
      `--socket-fd=${HTTP_SOCKET}=${SOCKET_FD}`,
      `--control-fd=${CONTROL_FD}`,
    ];
    const [command, ...commandArgs] = [...diesWithParent(), workerdPath, ...args];
    this.#child = spawn(command!, commandArgs, { stdio: ["ignore", "pipe", "pipe", options.socket.fd, "pipe"] });
    const output = new WorkerdOutput(options.logger, new StackMapper(options.mappedModules, options.displayRoot), (message) =>
      this.#runtimeMessage(message),
    );
    output.attach(this.#child.stdout!);
    output.attach(this.#child.stderr!);
    this.#exited = new Promise((resolve) => {
      this.#child.once("exit", (code) => {
        this.#state = "exited";
        resolve(code);
      });
      this.#child.once("error", () => resolve(null));
    });
  }

  /** Starts workerd and resolves once it listens; rejects with a `WorkerdStartError` if it exits first. */
  static async start(options: WorkerdProcessOptions): Promise<WorkerdProcess> {
    const process = new WorkerdProcess(options);
    await process.#ready();
    return process;
  }

  get state(): WorkerdState {
    return this.#state;
  }

  /** Resolves with the exit code when the process exits, for whatever reason. */
  get exited(): Promise<number | null> {
    return this.#exited;
  }

  /** Lets requests in flight finish, then ends the process. */
  async stop(): Promise<void> {
    if (this.#state === "exited") return;
    this.#state = "stopping";
    this.#child.kill("SIGTERM");
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), DRAIN_TIMEOUT_MS);
    await this.#exited;
    clearTimeout(timer);
  }

  /** Ends the process at once, requests in flight, WebSockets and pending alarms with it. */
  async kill(): Promise<void> {
    if (this.#state === "exited") return;
    this.#state = "stopping";
    this.#child.kill("SIGKILL");
    await this.#exited;
  }

  async #ready(): Promise<void> {
    const listening = new Promise<void>((resolve) => {
      let received = "";
      this.#child.stdio[CONTROL_FD]!.on("data", (chunk: Buffer) => {
        received += chunk.toString();
        if (received.includes('"event":"listen"')) resolve();
      });
    });
    const outcome = await Promise.race([listening.then(() => "listening" as const), this.#exited]);
    if (outcome === "listening") {
      this.#state = "serving";
      for (const message of this.#startupMessages.splice(0)) this.#log(message);
      return;
    }
    const printed = this.#startupMessages.map((message) => message.message).join("\n");
    throw new WorkerdStartError("ERR_WORKERD_START_FAILED", describeStartFailure(printed, outcome));
  }

  /** Messages while starting are held: they explain a failed start, and are logged once workerd listens. */
  #runtimeMessage(message: RuntimeMessage): void {
    if (this.#state === "starting") this.#startupMessages.push(message);
    else this.#log(message);
  }

  #log(message: RuntimeMessage): void {
    if (message.level === "error") this.#logger.error(message.message);
    else if (message.level === "warn") this.#logger.warn(message.message);
    else this.#logger.debug(`workerd: ${message.message}`);
  }
}

/**
 * On Linux, util-linux's `setpriv` asks the kernel to kill workerd when Outpost dies, even by
 * `kill -9`, so no orphan keeps serving stale code on the port. Elsewhere workerd is started as is.
 */
function diesWithParent(): string[] {
  return SETPRIV !== undefined ? [SETPRIV, "--pdeathsig", "KILL", "--"] : [];
}

const SETPRIV = process.platform === "linux" ? ["/usr/bin/setpriv", "/bin/setpriv"].find((file) => existsSync(file)) : undefined;

/**
 * What to tell the user when workerd did not start. A worker that threw while it loaded is named,
 * with the error and its own frames; what workerd printed around it (the worker's console output,
 * complaints that follow from it, Outpost's own frames) is left out.
 */
function describeStartFailure(printed: string, code: number | null): string {
  const threw = /^service ([^:\n]+): Uncaught (.*)$((?:\n\s+at .*)*)/m.exec(printed);
  if (threw) {
    const frames = threw[3]!.split("\n").filter((frame) => frame !== "" && !isOutpostFrame(frame));
    return [`Worker "${threw[1]}" threw while starting:`, threw[2], ...frames].join("\n");
  }
  return `workerd exited with code ${code} before it was ready${printed ? `:\n${printed}` : "."}`;
}
