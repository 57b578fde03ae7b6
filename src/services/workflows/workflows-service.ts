import type { IncomingMessage, ServerResponse } from "node:http";
import { json } from "node:stream/consumers";
import { refuseUnknownCall, sendJson } from "../../runtime/index.js";
import type { Logger } from "../../logging/logger.js";
import { DurableEngine, EngineError, SqliteEngineStore, type EngineClock, type InstanceKey } from "../durable-engine/index.js";
import { ENGINE_ROUTES, type RouteBody, type RouteContext } from "./engine-routes.js";
import { cloudflareErrorOf, WorkflowsError } from "./errors.js";
import { RunDispatcher } from "./run-dispatcher.js";
import { WORKFLOWS_FOLDER } from "./limits.js";

export interface WorkflowsServiceOptions {
  persistTo: string;
  logger: Logger;
  clock: EngineClock;
  /** How many times faster than the machine's `clock` runs (tests only). @default 1 */
  clockScale?: number;
  /** Instances running at once. @default 1024 */
  concurrency?: number;
}

/**
 * Outpost's Workflows: the durable engine over `<persistTo>/workflows/`, the calls of users'
 * Workflow bindings and of the runner inside workerd (on the service host), and the dispatch of
 * runs to that runner.
 */
export class WorkflowsService {
  readonly engine: DurableEngine;
  readonly #dispatcher: RunDispatcher;
  readonly #logger: Logger;
  readonly #routeContext: RouteContext;

  constructor(options: WorkflowsServiceOptions) {
    this.#logger = options.logger;
    this.#dispatcher = new RunDispatcher(options.clock, options.clockScale ?? 1);
    this.engine = new DurableEngine({
      store: new SqliteEngineStore(options.persistTo, WORKFLOWS_FOLDER),
      clock: options.clock,
      concurrency: options.concurrency,
      dispatch: (ticket) => this.#dispatcher.run(ticket),
      onError: (key, error) => this.#logger.warn(`Workflow "${key.namespace}" instance ${key.id}: the run did not finish (${(error as Error).message}); it will be replayed.`),
    });
    this.#routeContext = { engine: this.engine, logAttempt: (key, step, attempt) => this.#logAttempt(key, step.name, attempt) };
  }

  /** Sends runs to the runner of the deployment now serving; the first call starts the engine. */
  use(runnerSocket: string): void {
    this.#dispatcher.use(runnerSocket);
    this.engine.start();
  }

  /** Answers a call of the Workflows worker; `POST /batch` carries many, `[{method, body}]`, answered in order. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.url ?? "/").slice(1);
    if (request.method !== "POST" || (method !== "batch" && ENGINE_ROUTES[method] === undefined)) {
      return refuseUnknownCall("Workflows", request, response);
    }
    const body = await json(request);
    const answer =
      method === "batch"
        ? await Promise.all((body as { method: string; body: RouteBody }[]).map((call) => this.#answer(call.method, call.body)))
        : await this.#answer(method, body as RouteBody);
    sendJson(response, 200, answer);
  }

  /** A call's answer, or `{refused}`: the error Cloudflare's runtime would throw for it. */
  async #answer(method: string, body: RouteBody): Promise<unknown> {
    const route = ENGINE_ROUTES[method];
    if (route === undefined) throw new WorkflowsError("ERR_WORKFLOW_PROTOCOL", { name: "Error", message: `No Workflows call "${method}"` });
    try {
      return await route(this.#routeContext, body);
    } catch (error) {
      if (error instanceof EngineError) return { refused: cloudflareErrorOf(error) };
      if (error instanceof WorkflowsError) return { refused: error.cloudflare };
      throw error;
    }
  }

  close(): void {
    this.engine.close();
    this.#dispatcher.close();
    this.engine.store.close();
  }

  #logAttempt(key: InstanceKey, step: string, attempt: { attempt: number; durationMs: number; error: { name: string; message: string } | null }): void {
    const outcome = attempt.error === null ? "succeeded" : `failed: ${attempt.error.name}: ${attempt.error.message}`;
    this.#logger.info(`Workflow "${key.namespace}" instance ${key.id}: step "${step}" attempt ${attempt.attempt} ${outcome} (${attempt.durationMs} ms)`);
  }
}
