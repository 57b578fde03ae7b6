import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { WorkerBundle } from "../bundler/index.js";
import { Embed, renderConfigFile, type CapnpValue } from "./capnp-text.js";
import { EDGE_ENCODING_MODULE, edgeEncodingSource, encodesBrotli } from "./edge-encoding.js";
import { EDGE_REQUEST_MODULE, edgeRequestSource, type Upstream } from "./edge-request.js";
import { ERROR_RESPONSE_MODULE, errorResponseSource } from "./error-response.js";
import { FACADE_MODULE, facadeSource, NAMED_ENTRYPOINTS_EXPORT, type BindingWrapper, type ModulePatch } from "./facade.js";
import { internetService } from "./internet-service.js";
import { EVENTS_SERVICE, EVENTS_SOCKET, EVENTS_WORKER_SOURCE, NAMED_ENTRYPOINTS_BINDING_SUFFIX } from "./events-worker.js";
import { SERVICE_HEADER } from "./service-host.js";
import { SERVICE_WORKER_MODULE, serviceWorkerModules } from "./service-worker.js";
import { WRAPPED_ENV_MODULE, wrappedEnvSource } from "./wrapped-env.js";

export type BindingDefinition =
  | { name: string; kind: "text"; value: string }
  | { name: string; kind: "json"; value: unknown }
  | { name: string; kind: "service"; service: string; entrypoint?: string; props?: unknown }
  /** A JS API workerd builds from `module` over `innerBindings`, as it does for D1 and Workflows. */
  | { name: string; kind: "wrapped"; module: string; innerBindings: readonly BindingDefinition[] }
  | { name: string; kind: PlatformBindingKind; platform: PlatformTarget }
  | { name: string; kind: "durableObjectNamespace"; className: string; scriptName?: string }
  /** workerd's Hyperdrive binding: a connection string for `database`, its sockets going to `address` over TCP. */
  | { name: string; kind: "hyperdrive"; address: string; scheme: string; database: string; user: string; password: string }
  /** workerd's Worker Loader: `get(name, getCode)` runs Workers from code given at run time. */
  | { name: string; kind: "workerLoader" };

/** A Durable Object class a worker defines, and where its objects are stored. */
export interface DurableObjectNamespaceDefinition {
  className: string;
  /** The folder of its objects under the Durable Object directory; keep it stable to keep the data. */
  uniqueKey: string;
  enableSql: boolean;
}

/** workerd's native binding types that turn calls into HTTP requests to a platform service in Outpost. */
export type PlatformBindingKind = "kvNamespace" | "r2Bucket" | "queue" | "d1Database" | "fetcher";

/** Where a platform binding's requests go: an Outpost service, and the headers naming its resource. */
export interface PlatformTarget {
  service: string;
  /** A name for the resource, unique within the service, e.g. the KV namespace id. */
  resource: string;
  headers: Readonly<Record<string, string>>;
}

export interface AssetsDefinition {
  directory: string;
  binding?: string;
  /** wrangler's `assets` options that workerd's assets service reads, as JSON. */
  options: Record<string, unknown>;
}

/** Everything workerd needs to run one user worker. */
export interface WorkerDefinition {
  name: string;
  compatibilityDate: string;
  compatibilityFlags: readonly string[];
  /** Absent for a project that only serves assets. */
  bundle?: WorkerBundle;
  /** A Service Worker script's globals that hold a module of the bundle, such as `wasm_modules`' files. */
  serviceWorkerGlobals?: readonly { name: string; module: string }[];
  bindings: readonly BindingDefinition[];
  assets?: AssetsDefinition;
  /** Modules Outpost adds to the worker, such as a binding's in-isolate cache. */
  internalModules: readonly { name: string; source: string }[];
  durableObjectNamespaces: readonly DurableObjectNamespaceDefinition[];
  bindingWrappers: readonly BindingWrapper[];
  modulePatches?: readonly ModulePatch[];
  emailTrigger?: ModulePatch & { path: string };
  /** Workers that receive this one's tail events; those not loaded are left out. */
  tails?: readonly string[];
  /** The URL a client's request is rewritten to (see `edgeRequestSource`). */
  upstream?: Upstream;
}

/** A worker Outpost adds to workerd for itself, such as the Workflows runner. */
export interface InternalWorkerDefinition {
  name: string;
  /** Its single ES module. */
  source: string;
  bindings: readonly BindingDefinition[];
  /** A unix socket workerd serves the worker on, for Outpost to call it. */
  socket?: string;
}

export interface WorkerdConfigOptions {
  /** The first worker is the one the listening socket serves. */
  workers: readonly WorkerDefinition[];
  /** A directory for the config file and the facade modules. */
  outDir: string;
  logRequests: boolean;
  /** The unix socket Outpost's platform services listen on. */
  serviceSocket: string;
  /** Where workerd stores Durable Objects: a folder per class. */
  durableObjectDirectory: string;
  /** The unix socket the events worker listens on, for Outpost to send cron ticks through. */
  eventsSocket: string;
  internalWorkers?: readonly InternalWorkerDefinition[];
  /** Modules workerd's own built-ins import that its open-source build lacks, such as `cloudflare-internal:email`. */
  builtinModules?: readonly { name: string; source: string }[];
  /** The key and certificate the listening socket serves HTTPS with; plain HTTP without. */
  tls?: TlsKeypair;
  /** The platform service behind every worker's Cache API (`caches.default`, `caches.open()`); without it, the Cache API throws. */
  cacheApi?: PlatformTarget;
  /** CA certificates (PEM) a worker's `fetch()` and `connect()` trust beside browsers' CAs. */
  trustedCertificates?: readonly string[];
  /** Where a worker's facade has the stack of an exception mapped (see `StackMappingServer`). */
  stackMappingUrl: string;
}

/** A PEM private key and the PEM certificate chain that goes with it. */
export interface TlsKeypair {
  privateKey: string;
  certificateChain: string;
}

/** The socket name workerd gets the listening descriptor for (`--socket-fd http=<fd>`). */
export const HTTP_SOCKET = "http";

const MISSING_SERVICE = "outpost:missing-service";
const DURABLE_OBJECT_STORAGE = "outpost:durable-objects";

/** Writes a workerd config running `workers` and returns the path of the file. */
export async function writeWorkerdConfig(options: WorkerdConfigOptions): Promise<string> {
  await mkdir(options.outDir, { recursive: true });
  const internal = options.internalWorkers ?? [];
  const loaded = new Set([...options.workers.map((worker) => worker.name), ...internal.map((worker) => worker.name)]);
  const services: CapnpValue[] = [];
  for (const worker of options.workers) {
    if (worker.bundle !== undefined) services.push(await workerService(worker, loaded, options));
    if (worker.assets !== undefined) services.push(assetsService(worker, worker.assets));
  }
  if (options.workers.some((worker) => worker.bindings.some((b) => b.kind === "service" && !loaded.has(b.service)))) {
    services.push(missingService());
  }
  services.push(...platformServices(options), ...databaseServices(options.workers));
  if (options.workers.some((worker) => worker.durableObjectNamespaces.length > 0)) {
    services.push({ name: DURABLE_OBJECT_STORAGE, disk: { path: options.durableObjectDirectory, writable: true } });
  }
  services.push(eventsService(options.workers), internetService(options.trustedCertificates ?? []));
  for (const worker of internal) {
    services.push({
      name: worker.name,
      worker: {
        modules: [{ name: "worker.js", esModule: worker.source }],
        compatibilityDate: "2025-06-01",
        bindings: worker.bindings.map((binding) => bindingValue(binding, loaded)),
      },
    });
  }
  const served = options.workers[0]!;
  const config = {
    services,
    sockets: [
      {
        name: HTTP_SOCKET,
        ...(options.tls === undefined ? { http: {} } : { https: { options: {}, tlsOptions: { keypair: { ...options.tls } } } }),
        service: served.assets ? assetsServiceName(served.name) : served.name,
      },
      { name: EVENTS_SOCKET, address: `unix:${options.eventsSocket}`, http: {}, service: EVENTS_SERVICE },
      ...internal.flatMap((worker) => (worker.socket === undefined ? [] : [{ name: worker.name, address: `unix:${worker.socket}`, http: {}, service: worker.name }])),
    ],
    logging: { structuredLogging: true },
    ...(options.builtinModules !== undefined && {
      extensions: [{ modules: options.builtinModules.map((module) => ({ name: module.name, esModule: module.source, internal: true })) }],
    }),
  };
  const file = path.join(options.outDir, "workerd.capnp");
  await writeFile(file, renderConfigFile(config));
  return file;
}

async function workerService(
  worker: WorkerDefinition,
  loaded: ReadonlySet<string>,
  options: WorkerdConfigOptions,
): Promise<CapnpValue> {
  const bundle = worker.bundle!;
  const facadeFile = path.join(options.outDir, worker.name, FACADE_MODULE);
  await mkdir(path.dirname(facadeFile), { recursive: true });
  await writeFile(
    facadeFile,
    facadeSource({
      workerName: worker.name,
      mainModule: bundle.format === "service-worker" ? SERVICE_WORKER_MODULE : bundle.modules[0]!.name,
      logRequests: options.logRequests,
      modulePatches: worker.modulePatches,
      emailTrigger: worker.emailTrigger,
      namedExports: bundle.exports,
    }),
  );
  const modules = [
    { name: FACADE_MODULE, esModule: embed(options.outDir, facadeFile) },
    ...[
      { name: WRAPPED_ENV_MODULE, source: wrappedEnvSource(worker.bindingWrappers) },
      { name: EDGE_REQUEST_MODULE, source: edgeRequestSource(worker.upstream) },
      { name: ERROR_RESPONSE_MODULE, source: errorResponseSource(options.stackMappingUrl) },
      { name: EDGE_ENCODING_MODULE, source: edgeEncodingSource({ brotli: encodesBrotli(worker.compatibilityDate, worker.compatibilityFlags) }) },
      ...(bundle.format === "service-worker" ? serviceWorkerModules(bundle.modules[0]!.name, worker.serviceWorkerGlobals ?? []) : []),
      ...worker.internalModules,
    ].map((module) => ({ name: module.name, esModule: module.source })),
    ...bundle.modules.map((module) => ({ name: module.name, [module.kind]: embed(options.outDir, module.file) })),
  ];
  const bindings: CapnpValue[] = worker.bindings.map((binding) => bindingValue(binding, loaded));
  const tails = (worker.tails ?? []).filter((tail) => loaded.has(tail));
  if (worker.assets?.binding !== undefined) {
    bindings.push({ name: worker.assets.binding, service: { name: assetsServiceName(worker.name), entrypoint: "AssetWorker" } });
  }
  return {
    name: worker.name,
    worker: {
      modules,
      compatibilityDate: worker.compatibilityDate,
      compatibilityFlags: [...worker.compatibilityFlags],
      bindings,
      ...(options.cacheApi !== undefined && { cacheApiOutbound: { name: platformServiceName(options.cacheApi) } }),
      ...(tails.length > 0 && { tails: tails.map((name) => ({ name })) }),
      ...(worker.durableObjectNamespaces.length > 0 && {
        durableObjectNamespaces: worker.durableObjectNamespaces.map((namespace) => ({ ...namespace })),
        durableObjectStorage: { localDisk: DURABLE_OBJECT_STORAGE },
      }),
    },
  };
}

function bindingValue(binding: BindingDefinition, loaded: ReadonlySet<string>): CapnpValue {
  switch (binding.kind) {
    case "text":
      return { name: binding.name, text: binding.value };
    case "json":
      return { name: binding.name, json: JSON.stringify(binding.value) };
    case "kvNamespace":
    case "r2Bucket":
    case "queue":
      return { name: binding.name, [binding.kind]: platformServiceName(binding.platform) };
    case "fetcher":
      return { name: binding.name, service: platformServiceName(binding.platform) };
    case "wrapped":
      return { name: binding.name, wrapped: { moduleName: binding.module, innerBindings: binding.innerBindings.map((inner) => bindingValue(inner, loaded)) } };
    case "d1Database":
      // D1 is a JS API workerd builds over a fetcher, not a native binding type.
      return {
        name: binding.name,
        wrapped: { moduleName: "cloudflare-internal:d1-api", innerBindings: [{ name: "fetcher", service: platformServiceName(binding.platform) }] },
      };
    case "durableObjectNamespace":
      return { name: binding.name, durableObjectNamespace: { className: binding.className, serviceName: binding.scriptName } };
    case "hyperdrive": {
      const { address, scheme, database, user, password } = binding;
      return { name: binding.name, hyperdrive: { designator: { name: databaseServiceName(address) }, scheme, database, user, password } };
    }
    case "workerLoader":
      return { name: binding.name, workerLoader: {} };
    case "service":
      return {
        name: binding.name,
        service: loaded.has(binding.service)
          ? { name: binding.service, entrypoint: binding.entrypoint, props: binding.props === undefined ? undefined : { json: JSON.stringify(binding.props) } }
          : { name: MISSING_SERVICE, props: { json: JSON.stringify({ service: binding.service }) } },
      };
  }
}

function assetsService(worker: WorkerDefinition, assets: AssetsDefinition): CapnpValue {
  return {
    name: assetsServiceName(worker.name),
    assets: {
      path: assets.directory,
      config: JSON.stringify(assets.options),
      userWorker: worker.bundle ? worker.name : undefined,
      compatibilityDate: worker.bundle ? undefined : worker.compatibilityDate,
      compatibilityFlags: worker.bundle ? undefined : [...worker.compatibilityFlags],
    },
  };
}

function eventsService(workers: readonly WorkerDefinition[]): CapnpValue {
  return {
    name: EVENTS_SERVICE,
    worker: {
      modules: [{ name: "events.js", esModule: EVENTS_WORKER_SOURCE }],
      compatibilityDate: "2025-06-01",
      compatibilityFlags: ["service_binding_extra_handlers"],
      bindings: workers
        .filter((worker) => worker.bundle !== undefined)
        .flatMap((worker) => [
          { name: worker.name, service: worker.name },
          { name: `${worker.name}${NAMED_ENTRYPOINTS_BINDING_SUFFIX}`, service: { name: worker.name, entrypoint: NAMED_ENTRYPOINTS_EXPORT } },
        ]),
    },
  };
}

/** One external service per platform resource, each adding the headers that name it. */
function platformServices(options: WorkerdConfigOptions): CapnpValue[] {
  const targets = new Map<string, PlatformTarget>();
  if (options.cacheApi !== undefined) targets.set(platformServiceName(options.cacheApi), options.cacheApi);
  for (const worker of [...options.workers, ...(options.internalWorkers ?? [])]) {
    for (const binding of worker.bindings.flatMap((binding) => (binding.kind === "wrapped" ? binding.innerBindings : [binding]))) {
      if ("platform" in binding) targets.set(platformServiceName(binding.platform), binding.platform);
    }
  }
  return [...targets].map(([name, target]) => ({
    name,
    external: {
      address: `unix:${options.serviceSocket}`,
      http: {
        injectRequestHeaders: [
          { name: SERVICE_HEADER, value: target.service },
          ...Object.entries(target.headers).map(([header, value]) => ({ name: header, value })),
        ],
      },
    },
  }));
}

/** One TCP service per database server that Hyperdrive bindings connect to. */
function databaseServices(workers: readonly WorkerDefinition[]): CapnpValue[] {
  const addresses = new Set(workers.flatMap((worker) => worker.bindings.flatMap((binding) => (binding.kind === "hyperdrive" ? [binding.address] : []))));
  return [...addresses].map((address) => ({ name: databaseServiceName(address), external: { address, tcp: {} } }));
}

function databaseServiceName(address: string): string {
  return `outpost:database:${address}`;
}

function platformServiceName(target: PlatformTarget): string {
  return `outpost:${target.service}:${target.resource}`;
}

/** workerd reads an absolute embed path as an import path, so embeds are relative to the config file. */
function embed(configDir: string, file: string): Embed {
  return new Embed(path.relative(configDir, file));
}

/** Readable, as workerd's warnings about the directory's `_redirects` and `_headers` name it; no worker name has a space. */
function assetsServiceName(workerName: string): string {
  return `assets of ${workerName}`;
}

/** Stands in for a service binding's target that this session does not run, and says so. */
function missingService(): CapnpValue {
  const source = `import { WorkerEntrypoint } from "cloudflare:workers";
export default class extends WorkerEntrypoint {
  fetch() {
    const { service } = this.ctx.props;
    return new Response(\`Service "\${service}" is not running in this Outpost session. Start it too: outpost dev -c <this config> -c <\${service}'s config>\`, { status: 503 });
  }
}
`;
  return {
    name: MISSING_SERVICE,
    worker: { modules: [{ name: "missing-service.js", esModule: source }], compatibilityDate: "2025-06-01" },
  };
}
