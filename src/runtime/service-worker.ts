import { WRAPPED_ENV_MODULE } from "./wrapped-env.js";

/** The module the facade runs as a Service Worker format worker's main module. */
export const SERVICE_WORKER_MODULE = "__outpost_service_worker.js";

/** The module that gives a Service Worker script its global scope; evaluated before the script. */
const SCOPE_MODULE = "__outpost_service_worker_scope.js";

/**
 * The modules that run a Service Worker format script (`addEventListener("fetch", …)`) as an ES
 * module Worker, as wrangler's own Service Worker loader does: the bindings become globals before
 * the script runs, its `fetch` and `scheduled` listeners are kept aside, and the default export
 * dispatches each event to them.
 */
export function serviceWorkerModules(scriptModule: string, globals: readonly { name: string; module: string }[]): { name: string; source: string }[] {
  return [
    { name: SERVICE_WORKER_MODULE, source: adapterSource(scriptModule) },
    { name: SCOPE_MODULE, source: scopeSource(globals) },
  ];
}

/**
 * Imports come in order: the scope first, so the script sees its globals at the top level. A script
 * that registers no listener fails to start, as workerd fails it: it would answer every request
 * with an error, and a file caught empty mid-save would otherwise replace a working version.
 */
function adapterSource(scriptModule: string): string {
  return `import { listensForEvents, serviceWorkerHandlers } from ${JSON.stringify(`./${SCOPE_MODULE}`)};
import ${JSON.stringify(`./${scriptModule}`)};

if (!listensForEvents()) throw new Error("No event handlers were registered. This script does nothing.");

export default serviceWorkerHandlers;
`;
}

/** Globals come from the env's bindings, then from `globals`, each the default export of a module of the worker. */
function scopeSource(globals: readonly { name: string; module: string }[]): string {
  const imports = globals.map((global, i) => `import global${i} from ${JSON.stringify(`./${global.module}`)};`);
  const assigned = globals.map((global, i) => `globalThis[${JSON.stringify(global.name)}] = global${i};`);
  return `import { env } from "cloudflare:workers";
import { wrapEnv } from ${JSON.stringify(`./${WRAPPED_ENV_MODULE}`)};
${imports.join("\n")}

Object.assign(globalThis, wrapEnv(env));
${assigned.join("\n")}

const listeners = new EventTarget();
const DISPATCHED_TYPES = new Set(["fetch", "scheduled"]);
let registered = false;
for (const method of ["addEventListener", "removeEventListener"]) {
  const global = globalThis[method].bind(globalThis);
  globalThis[method] = (type, listener, options) => {
    if (!DISPATCHED_TYPES.has(type)) return global(type, listener, options);
    if (method === "addEventListener") registered = true;
    return listeners[method](type, listener, options);
  };
}

/** Whether the script ever added a \`fetch\` or \`scheduled\` listener. */
export function listensForEvents() {
  return registered;
}

class ExtendableEvent extends Event {
  #waitUntil;

  constructor(type, waitUntil) {
    super(type);
    this.#waitUntil = waitUntil;
  }

  waitUntil(promise) {
    this.#waitUntil(promise);
  }
}

class FetchEvent extends ExtendableEvent {
  #request;
  #ctx;
  #response;
  #dispatched = false;

  constructor(request, ctx) {
    super("fetch", (promise) => ctx.waitUntil(promise));
    this.#request = request;
    this.#ctx = ctx;
  }

  get request() {
    return this.#request;
  }

  respondWith(response) {
    if (this.#response !== undefined) {
      throw new DOMException("FetchEvent.respondWith() has already been called; it can only be called once.", "InvalidStateError");
    }
    if (this.#dispatched) {
      throw new DOMException("Too late to call FetchEvent.respondWith(). It must be called synchronously in the event handler.", "InvalidStateError");
    }
    this.stopImmediatePropagation();
    this.#response = Promise.resolve(response);
  }

  passThroughOnException() {
    this.#ctx.passThroughOnException();
  }

  static dispatch(request, ctx) {
    const event = new FetchEvent(request, ctx);
    listeners.dispatchEvent(event);
    event.#dispatched = true;
    if (event.#response === undefined) {
      throw new Error('No "fetch" event listener called event.respondWith(), and there is no origin to pass the request through to.');
    }
    return event.#response;
  }
}

class ScheduledEvent extends ExtendableEvent {
  #controller;

  constructor(controller, waitUntil) {
    super("scheduled", waitUntil);
    this.#controller = controller;
  }

  get scheduledTime() {
    return this.#controller.scheduledTime;
  }

  get cron() {
    return this.#controller.cron;
  }

  noRetry() {
    this.#controller.noRetry();
  }
}

export const serviceWorkerHandlers = {
  fetch(request, _env, ctx) {
    return FetchEvent.dispatch(request, ctx);
  },
  /** Settles once the listeners' waitUntil() work has, so a failure there is the event's outcome. */
  scheduled(controller) {
    const pending = [];
    listeners.dispatchEvent(new ScheduledEvent(controller, (promise) => pending.push(promise)));
    return Promise.all(pending);
  },
};
`;
}
