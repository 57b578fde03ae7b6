import { RECORD_MARK, RecordKind, SPACED_MARK, recordHeader } from "./log-protocol.js";
import { EDGE_REQUEST_MODULE } from "./edge-request.js";
import { ERROR_RESPONSE_MODULE } from "./error-response.js";
import { WRAPPED_ENV_MODULE } from "./wrapped-env.js";

export interface FacadeOptions {
  workerName: string;
  /** Module name of the user's main module, as workerd knows it. */
  mainModule: string;
  logRequests: boolean;
  /** Functions the facade calls with the user's module namespace once it has loaded. */
  modulePatches?: readonly ModulePatch[];
  /**
   * Names the user's main module exports besides `default`, when known. Classes among them
   * (Durable Objects, named entrypoints, workflows) are re-exported constructing with the wrapped
   * `env`, as the default export's handlers get it, and their `fetch()` getting requests as the
   * default export's does.
   */
  namedExports?: readonly string[];
  /**
   * The function that runs the worker's `email()` handler for a request to `emailTrigger.path`,
   * called with the request and the handler (`undefined` when the worker has none).
   */
  emailTrigger?: ModulePatch & { path: string };
}

/** `patch(userModule)` runs at load, `patch` being the named export of `module`. */
export interface ModulePatch {
  module: string;
  exportName: string;
}

/** `env[binding]` becomes `wrap(binding, env[binding])`, `wrap` being the named export of `module`. */
export interface BindingWrapper {
  binding: string;
  module: string;
  exportName: string;
}

/** Export names the facade re-exports in its own `export { … as name }`. */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Module name of the facade; it comes first in a worker's module list, so workerd runs it as main. */
export const FACADE_MODULE = "__outpost_facade.js";

/**
 * The facade's own named entrypoint, through which Outpost calls any named entrypoint of the
 * worker by name (`?entrypoint=<export>`), without a binding per entrypoint in workerd's config.
 */
export const NAMED_ENTRYPOINTS_EXPORT = "__OutpostNamedEntrypoints";

/** Milliseconds request lines wait to be written in one batch: one `console.log` per batch, not per request. */
const REQUEST_LOG_FLUSH_MS = 100;

/**
 * Source of the module that wraps a user's main module inside its own isolate, as wrangler's
 * middleware facade does. Everything it adds costs no extra hop on the request path:
 * - `/__scheduled` and `/cdn-cgi/handler/scheduled` run the `scheduled()` handler by hand, and
 *   `emailTrigger.path` the `email()` handler;
 * - each request is logged with method, URL, status and duration;
 * - a request from a client gets what Cloudflare's edge would add, and its response the encoding
 *   the edge would give it (see `edgeRequestSource`);
 * - a thrown exception's stack is reported so Outpost can map it to the user's sources, and a
 *   client whose request it was gets it in a 500, as from \`wrangler dev\` (see \`errorResponseSource\`);
 * - `console.*` lines carry the worker's name;
 * - `NAMED_ENTRYPOINTS_EXPORT` passes a request to the `fetch()` of the named export its
 *   `?entrypoint=` names: a `WorkerEntrypoint` class or an object with a `fetch` handler.
 */
export function facadeSource(options: FacadeOptions): string {
  const main = JSON.stringify(`./${options.mainModule}`);
  const patches = options.modulePatches ?? [];
  const emailTrigger = options.emailTrigger;
  const emailRoute =
    emailTrigger === undefined ? "" : `  if (path === ${JSON.stringify(emailTrigger.path)}) return reporting(() => ${emailTrigger.exportName}(request, callEmail));`;
  const rewrapped = (options.namedExports ?? []).filter((name) => name !== "default" && IDENTIFIER.test(name));
  const imports = [...new Set([...patches, ...(emailTrigger === undefined ? [] : [emailTrigger])].map((w) => `import { ${w.exportName} } from ${JSON.stringify(`./${w.module}`)};`))].join("\n");
  return `import { WorkerEntrypoint } from "cloudflare:workers";
import { errorResponse } from ${JSON.stringify(`./${ERROR_RESPONSE_MODULE}`)};
import * as userModule from ${main};
export * from ${main};
import { wrapEnv } from ${JSON.stringify(`./${WRAPPED_ENV_MODULE}`)};
import { clientAcceptEncoding, fromEdge, isFromClient, toClient, toUpstream } from ${JSON.stringify(`./${EDGE_REQUEST_MODULE}`)};
${imports}
${patches.map((patch) => `${patch.exportName}(userModule);`).join("\n")}

const WORKER_NAME = ${JSON.stringify(options.workerName)};
const CONSOLE_HEADER = ${JSON.stringify(recordHeader(RecordKind.console, options.workerName))};
const REQUESTS_HEADER = ${JSON.stringify(recordHeader(RecordKind.requests, options.workerName))};
const EXCEPTION_HEADER = ${JSON.stringify(recordHeader(RecordKind.exception, options.workerName))};
const SPACED_MARK = ${JSON.stringify(SPACED_MARK)};
const LOG_REQUESTS = ${options.logRequests};
const FLUSH_MS = ${REQUEST_LOG_FLUSH_MS};
const SCHEDULED_PATHS = new Set(["/__scheduled", "/cdn-cgi/handler/scheduled"]);
/** The handlers workerd calls with an event besides \`fetch\`. */
const EVENT_HANDLERS = ["scheduled", "queue", "tail", "trace"];
const RECORD_MARK = ${JSON.stringify(RECORD_MARK)};

/**
 * An event as the user's handler should see it. Tail events carry the producer's \`console\` calls,
 * which the producer's facade marked for Outpost's log: the marks come off, and its request and
 * exception records go, leaving the logs production would have.
 */
function asDelivered(handlerName, event) {
  if ((handlerName !== "tail" && handlerName !== "trace") || !Array.isArray(event)) return event;
  return event.map((item) => (Array.isArray(item?.logs) ? { ...item, logs: item.logs.flatMap(unmarkedLog) } : item));
}

function unmarkedLog(log) {
  const [first, ...rest] = Array.isArray(log.message) ? log.message : [];
  if (typeof first !== "string" || !first.startsWith(RECORD_MARK)) return [log];
  if (first[1] !== ${JSON.stringify(RecordKind.console)}) return [];
  const text = first.slice(first.indexOf("\t", 3) + 1);
  return [{ ...log, message: text === SPACED_MARK ? rest : [text, ...rest] }];
}

const writeLog = console.log.bind(console);
const writeError = console.error.bind(console);
for (const level of ["debug", "info", "log", "warn", "error"]) {
  const write = console[level].bind(console);
  console[level] = (...args) => {
    flushRequests();
    if (typeof args[0] === "string") args[0] = CONSOLE_HEADER + args[0];
    else args.unshift(CONSOLE_HEADER + SPACED_MARK);
    write(...args);
  };
}

let pendingRequests = "";
function recordRequest(method, url, status, statusText, startedAt, ctx) {
  if (!LOG_REQUESTS) return;
  const line = method + "\\t" + url + "\\t" + status + "\\t" + (Date.now() - startedAt) + "\\t" + statusText.replace(/\\s+/g, " ");
  if (pendingRequests === "") ctx.waitUntil(scheduler.wait(FLUSH_MS).then(flushRequests));
  pendingRequests += (pendingRequests === "" ? "" : "\\n") + line;
}
/** Also called before each \`console\` line, so that request lines print in the order things happened. */
function flushRequests() {
  if (pendingRequests === "") return;
  writeLog(REQUESTS_HEADER + pendingRequests);
  pendingRequests = "";
}

function reportException(error) {
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  writeError(EXCEPTION_HEADER + JSON.stringify(stack));
}

function pathOf(url) {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const end = url.indexOf("?", start);
  return end === -1 ? url.slice(start) : url.slice(start, end);
}

async function runScheduled(url, callScheduled) {
  if (callScheduled === undefined) {
    return new Response("The worker does not export a scheduled() handler.", { status: 404 });
  }
  const params = new URL(url).searchParams;
  const time = Number(params.get("time") ?? Date.now());
  const controller = { type: "scheduled", cron: params.get("cron") ?? "", scheduledTime: time, noRetry() {} };
  await reporting(() => callScheduled(controller));
  return new Response("Ran scheduled event");
}

async function handle(request, ctx, callFetch, callScheduled, callEmail) {
  const url = request.url;
  const path = pathOf(url);
  if (SCHEDULED_PATHS.has(path)) return runScheduled(url, callScheduled);
${emailRoute}
  const startedAt = Date.now();
  try {
    const acceptEncoding = clientAcceptEncoding(request);
    const response = toClient(acceptEncoding, await callFetch(fromEdge(toUpstream(request))));
    recordRequest(request.method, url, response.status, response.statusText, startedAt, ctx);
    return response;
  } catch (error) {
    reportException(error);
    recordRequest(request.method, url, 500, "", startedAt, ctx);
    if (!isFromClient(request)) throw error;
    return errorResponse(request, error);
  }
}

function missingFetch() {
  throw new Error("The worker does not export a fetch() handler.");
}

/**
 * The default export's handlers with the wrapped env, \`fetch\` through \`handle\` and the event
 * handlers reporting what they throw. Handlers are called as workerd calls them, with
 * \`Reflect.apply\`: an instrumentation SDK's Proxy around one (otel-cf-workers') has no \`call\`.
 */
function wrapObject(handlers) {
  const wrapped = Object.create(handlers);
  for (const name of EVENT_HANDLERS) {
    const handler = handlers[name];
    if (typeof handler === "function") wrapped[name] = (event, rawEnv, ctx) => reporting(() => Reflect.apply(handler, handlers, [asDelivered(name, event), wrapEnv(rawEnv), ctx]));
  }
  wrapped.fetch = (request, rawEnv, ctx) => {
    const env = wrapEnv(rawEnv);
    return handle(
      request,
      ctx,
      typeof handlers.fetch === "function" ? (r) => handlers.fetch(r, env, ctx) : missingFetch,
      typeof handlers.scheduled === "function" ? (c) => handlers.scheduled(c, env, ctx) : undefined,
      typeof handlers.email === "function" ? (m) => handlers.email(m, env, ctx) : undefined,
    );
  };
  return wrapped;
}

/**
 * A \`WorkerEntrypoint\` default export constructing with the wrapped env, its \`fetch\` through
 * \`handle\` and its event handlers reporting what they throw.
 */
function wrapClass(Entrypoint) {
  return class extends Entrypoint {
    constructor(ctx, env) {
      const instance = constructedAsItself(Entrypoint, ctx, env);
      const [userFetch, userScheduled, userEmail] = ["fetch", "scheduled", "email"].map((name) => boundHandler(instance, name));
      setOwnHandler(instance, "fetch", (request) => handle(request, instance.ctx, userFetch ?? missingFetch, userScheduled, userEmail));
      for (const name of EVENT_HANDLERS) {
        const handler = boundHandler(instance, name);
        if (handler !== undefined) setOwnHandler(instance, name, (event) => reporting(() => handler(asDelivered(name, event))));
      }
      return instance;
    }
  };
}

/**
 * An instance of the user's class \`Exported\` with the wrapped env, made as workerd makes it, not
 * as an instance of Outpost's subclass: its prototype is \`Exported\`'s own, so a base class that
 * reads \`Object.getPrototypeOf(this)\` while it constructs finds the user's class (Agents'
 * \`AgentWorkflow\` wraps the \`run\` it finds there, else its \`this.agent\` is never set).
 */
function constructedAsItself(Exported, ctx, env) {
  return Reflect.construct(Exported, [ctx, wrapEnv(env)]);
}

/** The instance's handler \`name\`, called on the instance; undefined when it has none. */
function boundHandler(instance, name) {
  const handler = instance[name];
  return typeof handler === "function" ? (...args) => Reflect.apply(handler, instance, args) : undefined;
}

/**
 * Sets a handler as the instance's own property, not on a subclass's prototype: a class wrapper
 * such as Sentry's \`withSentry\` or \`instrumentDurableObjectWithSentry\` constructs an instance of
 * the class it wraps, whose prototype chain lacks the subclass, and sets the handlers it
 * instruments on the instance too.
 */
function setOwnHandler(instance, name, handler) {
  Object.defineProperty(instance, name, { configurable: true, writable: true, value: handler });
}

/**
 * A class export constructing with the wrapped env, its \`fetch()\` (a Durable Object's, say) given
 * a request passed on from a client as from the edge; any other export as it is.
 */
function withWrappedEnv(Exported) {
  if (typeof Exported !== "function" || typeof Exported.prototype !== "object") return Exported;
  const Wrapped = class extends Exported {
    constructor(ctx, env) {
      const instance = constructedAsItself(Exported, ctx, env);
      const userFetch = boundHandler(instance, "fetch");
      if (userFetch !== undefined) setOwnHandler(instance, "fetch", (request, ...rest) => userFetch(fromEdge(request), ...rest));
      return instance;
    }
  };
  Object.defineProperty(Wrapped, "name", { value: Exported.name });
  return Wrapped;
}
${rewrapped.map((name, i) => `const __outpostExport${i} = withWrappedEnv(userModule.${name});\nexport { __outpostExport${i} as ${name} };`).join("\n")}
const namedExports = { ...userModule, ${rewrapped.map((name, i) => `${name}: __outpostExport${i}`).join(", ")} };

/** Runs a handler, reporting what it throws so its stack is logged, mapped to the user's sources. */
async function reporting(run) {
  try {
    return await run();
  } catch (error) {
    reportException(error);
    throw error;
  }
}

export class ${NAMED_ENTRYPOINTS_EXPORT} extends WorkerEntrypoint {
  fetch(request) {
    const url = new URL(request.url);
    const name = url.searchParams.get("entrypoint") ?? "";
    const exported = name === "default" ? undefined : namedExports[name];
    const forwarded = new Request(url.origin + "/", request);
    if (typeof exported === "function" && exported.prototype instanceof WorkerEntrypoint && typeof exported.prototype.fetch === "function") {
      return new exported(this.ctx, this.env).fetch(forwarded);
    }
    if (typeof exported === "object" && exported !== null && typeof exported.fetch === "function") return exported.fetch(forwarded, this.env, this.ctx);
    const problem = exported === undefined ? " exports nothing named " : " has no fetch() handler in its export ";
    return new Response("The worker " + WORKER_NAME + problem + JSON.stringify(name) + ".", { status: 404 });
  }
}

/** A module without a default export (one that only hosts Durable Objects, say) gets handlers that say so when called. */
const userDefault = userModule.default ?? {};
export default typeof userDefault === "function"
  ? wrapClass(userDefault)
  : typeof userDefault === "object" && userDefault !== null
    ? wrapObject(userDefault)
    : userDefault;
`;
}
