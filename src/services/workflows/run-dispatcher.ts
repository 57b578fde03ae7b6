import { Agent, request } from "node:http";
import type { EngineClock, RunOutcome, RunTicket } from "../durable-engine/index.js";

interface PendingRun {
  resolve: (outcome: RunOutcome) => void;
  reject: (error: Error) => void;
}

/** A run's outcome as the runner streams it: a line of JSON per run, as each ends. */
type RunnerLine = { runId: string } & (RunOutcome | { failed: string });

/**
 * Sends run tickets to the runner of the deployment now serving, over its unix socket. Tickets
 * dispatched in the same turn of the event loop go in one request, so the runner runs them in
 * one request context and their step writes share requests to the engine. Each run's promise
 * settles when its line arrives; runs whose line never comes (workerd died) are rejected, and the
 * engine replays them.
 */
export class RunDispatcher {
  readonly #agent = new Agent({ keepAlive: true });
  readonly #clock: EngineClock;
  readonly #scale: number;
  #socketPath: string | undefined;
  #batch: { ticket: RunTicket; pending: PendingRun }[] = [];

  /** `scale`: how many times faster than the machine's the engine clock runs (tests only). */
  constructor(clock: EngineClock, scale: number) {
    this.#clock = clock;
    this.#scale = scale;
  }

  use(socketPath: string): void {
    this.#socketPath = socketPath;
  }

  run(ticket: RunTicket): Promise<RunOutcome> {
    return new Promise((resolve, reject) => {
      if (this.#batch.length === 0) setImmediate(() => this.#send());
      this.#batch.push({ ticket, pending: { resolve, reject } });
    });
  }

  close(): void {
    this.#agent.destroy();
  }

  #send(): void {
    const batch = this.#batch;
    this.#batch = [];
    const pending = new Map(batch.map(({ ticket, pending }) => [ticket.runId, pending]));
    const failAll = (error: Error) => {
      for (const run of pending.values()) run.reject(error);
      pending.clear();
    };
    const socketPath = this.#socketPath;
    if (socketPath === undefined) return failAll(new Error("No deployment is serving yet."));
    const body = JSON.stringify({ tickets: batch.map(({ ticket }) => ticket), now: this.#clock.now(), scale: this.#scale });
    const outgoing = request({ socketPath, path: "/run", method: "POST", agent: this.#agent, headers: { "content-length": Buffer.byteLength(body) } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return failAll(new Error(`runner answered ${response.statusCode}`));
      }
      let buffered = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf("\n")) !== -1) {
          const line = JSON.parse(buffered.slice(0, end)) as RunnerLine;
          buffered = buffered.slice(end + 1);
          const run = pending.get(line.runId);
          pending.delete(line.runId);
          if ("failed" in line) run?.reject(new Error(line.failed));
          else run?.resolve(line);
        }
      });
      response.on("error", failAll);
      response.on("close", () => failAll(new Error("the runner's connection closed before the run ended")));
    });
    outgoing.on("error", failAll);
    outgoing.end(body);
  }
}
