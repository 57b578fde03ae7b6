import { request } from "node:http";

export type EventOutcome = "ok" | "exception";

/** One message of a batch, as the events worker takes it. */
export interface QueueDelivery {
  id: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  attempts: number;
  format: string;
  /** The body's bytes, base64. */
  body: string;
}

/** Sends events into workerd through the events worker of the deployment now serving. */
export class EventDispatcher {
  #socketPath: string | undefined;

  /** Points at the events socket of the deployment that now serves. */
  use(socketPath: string): void {
    this.#socketPath = socketPath;
  }

  /** Runs `worker`'s `scheduled()` handler for `cron` at `scheduledTime` and resolves with its outcome. */
  scheduled(worker: string, cron: string, scheduledTime: number): Promise<EventOutcome> {
    const query = new URLSearchParams({ worker, cron, time: String(scheduledTime) });
    return this.#post(`/scheduled?${query}`).then((body) => (JSON.parse(body) as { outcome: EventOutcome }).outcome);
  }

  /** Runs `worker`'s `queue()` handler on a batch and resolves with what it decided. */
  queue(worker: string, queue: string, messages: readonly QueueDelivery[]): Promise<unknown> {
    const query = new URLSearchParams({ worker, queue });
    return this.#post(`/queue?${query}`, JSON.stringify(messages)).then((body) => JSON.parse(body) as unknown);
  }

  /** POSTs `body` to `worker`'s `fetch()` and resolves with its response's status and text. */
  invoke(worker: string, body: string, entrypoint?: string): Promise<{ status: number; body: string }> {
    return this.#request(`/invoke?${new URLSearchParams({ worker, ...(entrypoint !== undefined && { entrypoint }) })}`, body);
  }

  async #post(path: string, body?: string): Promise<string> {
    const answer = await this.#request(path, body);
    if (answer.status !== 200) throw new Error(`events worker answered ${answer.status}: ${answer.body}`);
    return answer.body;
  }

  #request(path: string, body?: string): Promise<{ status: number; body: string }> {
    const socketPath = this.#socketPath;
    if (socketPath === undefined) return Promise.reject(new Error("No deployment is serving yet."));
    return new Promise((resolve, reject) => {
      const outgoing = request({ socketPath, path, method: "POST" }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }
}
