import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { watch, type FSWatcher } from "chokidar";
import { loadProject, type ConfigOverrides, type LoadedProject } from "../config/index.js";
import { OutpostError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import {
  EventDispatcher,
  ListenSocket,
  StackMapper,
  StackMappingServer,
  WorkerdSupervisor,
  writeWorkerdConfig,
  type TlsKeypair,
} from "../runtime/index.js";
import { isServedAsset } from "./assets-definition.js";
import { buildFingerprint } from "./build-fingerprint.js";
import { InputPoller } from "./input-poller.js";
import { createBuildDirectory } from "./build-directory.js";
import { DeploymentVersions } from "./deployment-versions.js";
import { extraCaCertificates } from "./extra-ca-certificates.js";
import { localCertificate } from "./local-certificate.js";
import { OwnOutputFiles } from "./own-output.js";
import { runCustomBuild } from "./custom-build.js";
import { DevServerError } from "./errors.js";
import { CronScheduler, scaledClock, schedulesOf, systemClock, TickLease, type Clock } from "../services/cron/index.js";
import { CACHE_API_TARGET } from "../services/cache/index.js";
import { durableObjectDirectory } from "../services/durable-objects/index.js";
import { EMAIL_MESSAGE_MODULE, emailMessageSource } from "../services/email/index.js";
import { DISPATCH_NAMESPACE_MODULE, dispatchNamespaceSource } from "../services/dispatch-namespaces/index.js";
import { ApiTokens, consumerRegistrations, pullApiHandler, type BatchResult } from "../services/queues/index.js";
import { PlatformServices } from "./platform-services.js";
import { RestApi } from "./rest-api.js";
import { InspectorProxy } from "./inspector-proxy.js";
import { AccessKeyStore } from "../aws-auth/index.js";
import { S3Server } from "../services/r2/index.js";
import { defineWorker } from "./worker-definition.js";
import { upstreamOf, type UpstreamFlags } from "./upstream.js";
import { workflowsWorker } from "../services/workflows/index.js";
import { loadStateMachines, sfnApiHandler } from "../services/step-functions/index.js";

export interface DevServerOptions {
  /** Config files or project directories; the first is served. Empty means the current directory. */
  configPaths: readonly string[];
  cwd: string;
  env?: string;
  /** What the command line sets in place of the served worker's config; the other workers take only `env`, as in wrangler. */
  overrides: ConfigOverrides;
  /** What the command line says of the URL the served worker sees. */
  upstream: UpstreamFlags;
  /** Default: the served project's `dev.port`, else 8787. */
  port?: number;
  /** Default: the served project's `dev.ip`, else 127.0.0.1. The REST and S3 APIs listen on it too. */
  ip?: string;
  /** Default: the served project's `dev.local_protocol`, else `http`. */
  localProtocol?: "http" | "https";
  /** A key and certificate to serve HTTPS with, both or neither; default: a self-signed pair kept under `persistTo`. */
  httpsKeyPath?: string;
  httpsCertPath?: string;
  /** Where Chrome DevTools and VS Code attach to the workers, on loopback. Default: the served project's `dev.inspector_port`, else no debugger. */
  inspectorPort?: number;
  /** Port of the REST API (Queues pull consumers) and of the Step Functions API. @default 8789 */
  apiPort: number;
  /** Port of R2's S3-compatible API. @default 8788 */
  s3Port: number;
  /** Where data persists. @default "<first project>/.outpost" */
  persistTo?: string;
  /** Bind each KV namespace's `preview_id` instead of its `id`. @default false */
  preview?: boolean;
  /** Rebuild and swap to the new code when a source or config file changes. @default true */
  watch: boolean;
}

/** Quiet time after a file change before rebuilding, so a save that writes several files rebuilds once. */
const REBUILD_DEBOUNCE_MS = 50;
const IGNORED_DIRECTORIES = ["node_modules", ".git", ".wrangler", ".outpost"];

/** `outpost dev`: serves one or more projects on workerd and redeploys them as their files change. */
export class DevServer {
  readonly #options: DevServerOptions;
  readonly #logger: Logger;
  readonly #socket: ListenSocket;
  readonly #supervisor: WorkerdSupervisor;
  readonly #buildRoot: string;
  readonly #reported = new Set<string>();
  #services: PlatformServices | undefined;
  #apiTokens: ApiTokens | undefined;
  #restApi: RestApi | undefined;
  #accessKeys: AccessKeyStore | undefined;
  #s3Server: S3Server | undefined;
  #stackMapping: StackMappingServer | undefined;
  #inspector: InspectorProxy | undefined;
  readonly #events = new EventDispatcher();
  #scheduler: CronScheduler | undefined;
  #tickLease: TickLease | undefined;
  #persistTo = "";
  #protocol: "http" | "https" = "http";
  #tls: TlsKeypair | undefined;
  #generation = 0;
  /** The build directory workerd runs from, and its fingerprint. */
  #deployed: { outDir: string; fingerprint: string } | undefined;
  #watcher: FSWatcher | undefined;
  #inputPoller: InputPoller | undefined;
  /**
   * `startedAt`: when the latest rebuild began reading the projects' files, in ms since the epoch.
   * `failure`: the error the latest rebuild failed with, if it failed.
   */
  #rebuild: { timer?: NodeJS.Timeout; running?: Promise<void>; again: boolean; changed: Set<string>; startedAt: number; failure?: string } = {
    again: false,
    changed: new Set(),
    startedAt: 0,
  };

  protected constructor(options: DevServerOptions, logger: Logger, socket: ListenSocket, buildRoot: string) {
    this.#options = options;
    this.#logger = logger;
    this.#socket = socket;
    this.#buildRoot = buildRoot;
    this.#supervisor = new WorkerdSupervisor(socket, logger);
  }

  static async start(options: DevServerOptions, logger: Logger): Promise<DevServer> {
    const projects = await loadProjects(options);
    const { dev } = projects[0]!.config;
    const ip = options.ip ?? dev.ip ?? "127.0.0.1";
    const socket = await ListenSocket.open(ip, options.port ?? dev.port ?? 8787);
    const server = new DevServer(options, logger, socket, await createBuildDirectory());
    try {
      server.#reportLoaded(projects);
      server.#persistTo = options.persistTo ?? path.join(projects[0]!.projectDir, ".outpost");
      await mkdir(durableObjectDirectory(server.#persistTo), { recursive: true });
      server.#protocol = options.localProtocol ?? dev.local_protocol ?? "http";
      if (server.#protocol === "https") {
        server.#tls = await localCertificate(server.#persistTo, { keyPath: options.httpsKeyPath, certPath: options.httpsCertPath });
      }
      server.#services = await PlatformServices.start(server.#persistTo, server.#buildRoot, logger, (worker, queue, messages) =>
        server.#events.queue(worker, queue, messages.map((m) => ({ ...m, body: m.body.toString("base64") }))) as Promise<BatchResult>,
        { clock: testClock(), scale: testClockScale() },
      );
      const services = server.#services;
      services.stepFunctions.useTargets({
        invokeWorker: (worker, input, entrypoint) => server.#events.invoke(worker, JSON.stringify(input), entrypoint),
        sendToQueue: (queue, body) => services.queues.send(queue, [{ format: "json", body: Buffer.from(JSON.stringify(body)), delaySeconds: 0 }]).then(() => {}),
      });
      server.#apiTokens = new ApiTokens(server.#persistTo);
      server.#accessKeys = AccessKeyStore.open(server.#persistTo);
      const pullApi = pullApiHandler(server.#services.queues, server.#apiTokens);
      const sfnApi = sfnApiHandler({ operations: server.#services.stepFunctions, secrets: server.#accessKeys, logger });
      // AWS SDKs mark every Step Functions request with X-Amz-Target; the rest is the Cloudflare-shaped API.
      server.#restApi = await RestApi.listen(ip, options.apiPort, (request, response) => (request.headers["x-amz-target"] === undefined ? pullApi : sfnApi)(request, response), logger);
      server.#s3Server = await S3Server.listen({ ip, port: options.s3Port, store: server.#services.r2, secrets: server.#accessKeys }, logger);
      server.#stackMapping = await StackMappingServer.listen();
      const inspectorPort = options.inspectorPort ?? dev.inspector_port;
      if (inspectorPort !== undefined) {
        server.#inspector = await InspectorProxy.listen(inspectorPort, () => server.#supervisor.inspectorPort);
      }
      server.#tickLease = new TickLease(server.#persistTo);
      server.#scheduler = new CronScheduler({
        clock: testClock(),
        lease: server.#tickLease,
        fire: (worker, cron, scheduledTime) => server.#fireCron(worker, cron, scheduledTime),
      });
      for (const project of projects) await runCustomBuild(project, logger);
      if (options.watch) server.#inputPoller = new InputPoller((file, changedAt) => server.#polledChange(file, changedAt));
      await server.#deploy(projects);
      if (options.watch) await server.#watch(projects);
    } catch (error) {
      await server.close();
      throw error;
    }
    logger.info(`REST API on ${server.#restApi!.url}`);
    logger.info(`S3 API on ${server.#s3Server!.url}`);
    if (server.#inspector !== undefined) logger.info(`Debugger on ${server.#inspector.url}`);
    logger.info(`Ready on ${server.url}`);
    return server;
  }

  get url(): string {
    return this.#socket.url(this.#protocol);
  }

  async close(): Promise<void> {
    clearTimeout(this.#rebuild.timer);
    this.#inputPoller?.close();
    await this.#watcher?.close();
    await this.#rebuild.running;
    this.#scheduler?.close();
    this.#tickLease?.close();
    await this.#supervisor.close();
    await this.#restApi?.close();
    await this.#s3Server?.close();
    await this.#stackMapping?.close();
    await this.#inspector?.close();
    this.#accessKeys?.close();
    this.#apiTokens?.close();
    await this.#services?.close();
    await rm(this.#buildRoot, { recursive: true, force: true });
  }

  #reportLoaded(projects: readonly LoadedProject[]): void {
    for (const project of projects) {
      for (const notice of project.notices) this.#reportOnce(notice, "info");
      for (const warning of project.warnings) this.#reportOnce(warning, "warn");
    }
  }

  #warnAboutMissingTailConsumers(projects: readonly LoadedProject[], running: readonly string[]): void {
    for (const { config } of projects) {
      for (const { service } of config.tail_consumers) {
        if (!running.includes(service)) {
          this.#reportOnce(`${config.name}'s tail consumer "${service}" is not running in this Outpost session; its tail events are dropped. Start it too: outpost dev -c <this config> -c <${service}'s config>`, "warn");
        }
      }
    }
  }

  /**
   * Builds the projects and serves the build, unless it runs the same as the one served (an edit
   * to a file no Worker uses, say): then answers false and the running workerd, its Durable
   * Objects and WebSockets carry on. The platform services take the config either way.
   */
  async #deploy(projects: readonly LoadedProject[]): Promise<boolean> {
    const schedules = schedulesOf(projects);
    const stateMachines = await loadStateMachines(projects, this.#options.cwd);
    const outDir = path.join(this.#buildRoot, `build-${++this.#generation}`);
    let changed: boolean;
    try {
      changed = await this.#serveBuild(projects, outDir);
    } catch (error) {
      // The build never served: the last good one carries on from its own directory.
      await rm(outDir, { recursive: true, force: true });
      throw error;
    }
    this.#scheduler!.update(schedules);
    this.#services!.queues.configure(consumerRegistrations(projects.map((project) => project.config)));
    for (const project of projects) for (const bucket of project.config.r2_buckets) this.#services!.r2.ensureBucket(bucket.bucket_name);
    for (const machine of stateMachines) await this.#services!.stepFunctions.putStateMachine(machine);
    await this.#services!.stepFunctions.start();
    return changed;
  }

  /**
   * Builds the projects into `outDir` and has workerd serve them, unless the build runs the same as
   * the one served; answers whether it was served. The directory of the build no longer served is removed.
   */
  async #serveBuild(projects: readonly LoadedProject[], outDir: string): Promise<boolean> {
    const { cwd, preview = false } = this.#options;
    const eventsSocket = path.join(outDir, "events.sock");
    const workflowsRunner = workflowsWorker(projects.map((project) => project.config), path.join(outDir, "workflows.sock"));
    const workerNames = projects.map(({ config }) => config.name);
    this.#warnAboutMissingTailConsumers(projects, workerNames);
    const served = projects[0]!;
    const upstream = upstreamOf(this.#options.upstream, served.config, this.#protocol, path.basename(served.configName));
    const versions = new DeploymentVersions();
    const workers = await Promise.all(
      projects.map((project, index) =>
        defineWorker(project, {
          upstream: index === 0 ? upstream : undefined,
          preview,
          outDir,
          persistTo: this.#persistTo,
          workerNames,
          databaseProxies: this.#services!.databaseProxies,
          warn: (message) => this.#reportOnce(message, "warn"),
          versionOf: (worker) => versions.of(worker),
          debuggable: this.#inspector !== undefined,
        }),
      ),
    );
    const configFile = await writeWorkerdConfig({
      workers,
      outDir,
      tls: this.#tls,
      cacheApi: CACHE_API_TARGET,
      trustedCertificates: await extraCaCertificates(),
      stackMappingUrl: this.#stackMapping!.url,
      logRequests: this.#logger.enabled("info"),
      serviceSocket: this.#services!.host.socketPath,
      durableObjectDirectory: durableObjectDirectory(this.#persistTo),
      eventsSocket,
      internalWorkers: workflowsRunner === undefined ? [] : [workflowsRunner],
      builtinModules: [
        { name: EMAIL_MESSAGE_MODULE, source: emailMessageSource() },
        { name: DISPATCH_NAMESPACE_MODULE, source: dispatchNamespaceSource() },
      ],
    });
    const mappedModules = workers.flatMap((worker) => worker.bundle?.sourceMaps ?? []);
    this.#inputPoller?.poll(workers.flatMap((worker) => worker.bundle?.inputs ?? []).filter((file) => !isInIgnoredDirectory(file)));
    const fingerprint = await buildFingerprint(outDir, [outDir, ...versions.strings()]);
    if (fingerprint === this.#deployed?.fingerprint) {
      await rm(outDir, { recursive: true, force: true });
      return false;
    }
    const runsDurableObjects = workers.some((worker) => worker.durableObjectNamespaces.length > 0);
    const stacks = new StackMapper(mappedModules, cwd);
    await this.#supervisor.deploy({ configFile, stacks, runsDurableObjects, inspector: this.#inspector !== undefined });
    this.#stackMapping!.use(stacks);
    this.#events.use(eventsSocket);
    if (workflowsRunner !== undefined) this.#services!.workflows.use(workflowsRunner.socket!);
    const replaced = this.#deployed?.outDir;
    this.#deployed = { outDir, fingerprint };
    if (replaced !== undefined) await rm(replaced, { recursive: true, force: true });
    return true;
  }

  /**
   * Watches the projects' files; resolves once the watcher has scanned them, so no edit after "Ready"
   * is missed. What Outpost itself writes is left out: the data under `--persist-to`, and a file its
   * own output is redirected to.
   */
  async #watch(projects: readonly LoadedProject[]): Promise<void> {
    const assetDirectories = projects.flatMap((project) => (project.config.assets?.directory ? [project.config.assets.directory] : []));
    const roots = [...new Set(projects.flatMap((project) => [project.projectDir, ...(project.config.build?.watch_dirs ?? [])])), ...assetDirectories];
    const persistTo = path.resolve(this.#persistTo);
    const ownOutput = new OwnOutputFiles();
    const watcher = watch(roots, {
      ignoreInitial: true,
      ignored: (file) => IGNORED_DIRECTORIES.includes(path.basename(file)) || file === persistTo || isServedAsset(file, assetDirectories),
    });
    this.#watcher = watcher;
    watcher.on("all", (_event, file) => {
      if (ownOutput.includes(file)) return;
      this.#rebuild.changed.add(file);
      this.#scheduleRebuild();
    });
    await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  }

  /** A change the poller found that the latest rebuild did not read, the watcher having missed it. */
  #polledChange(file: string, changedAt: number): void {
    if (changedAt < this.#rebuild.startedAt) return;
    this.#rebuild.changed.add(file);
    this.#scheduleRebuild();
  }

  #scheduleRebuild(): void {
    clearTimeout(this.#rebuild.timer);
    this.#rebuild.timer = setTimeout(() => void this.#runRebuild(), REBUILD_DEBOUNCE_MS);
  }

  async #runRebuild(): Promise<void> {
    if (this.#rebuild.running) {
      this.#rebuild.again = true;
      return;
    }
    this.#rebuild.running = (async () => {
      do {
        this.#rebuild.again = false;
        this.#rebuild.startedAt = Date.now();
        const changed = this.#rebuild.changed;
        this.#rebuild.changed = new Set();
        this.#logger.debug(`Rebuilding: ${describeFiles(changed, this.#options.cwd)} changed.`);
        try {
          const projects = await loadProjects(this.#options);
          this.#reportLoaded(projects);
          for (const project of projects.filter((project) => needsCustomBuild(project, changed))) await runCustomBuild(project, this.#logger);
          if (await this.#deploy(projects)) this.#logger.info("Reloaded.");
          else this.#logger.debug("Nothing a Worker runs changed; still serving the same build.");
          this.#rebuild.failure = undefined;
        } catch (error) {
          this.#reportRebuildFailure(error instanceof OutpostError ? error.message : `Reload failed: ${(error as Error).message}`);
        }
      } while (this.#rebuild.again);
    })();
    await this.#rebuild.running;
    this.#rebuild.running = undefined;
  }

  /**
   * Prints why a rebuild failed, unless the one before failed the same way: a build tool that
   * deletes `main` and writes its output again changes many files on the way, and each rebuild they
   * start fails as the first did.
   */
  #reportRebuildFailure(message: string): void {
    if (message === this.#rebuild.failure) {
      this.#logger.debug("The rebuild failed as the last one did; still serving the last version that built.");
      return;
    }
    this.#rebuild.failure = message;
    this.#logger.error(`${message}\nStill serving the last version that built.`);
  }

  async #fireCron(worker: string, cron: string, scheduledTime: number): Promise<void> {
    try {
      const outcome = await this.#events.scheduled(worker, cron, scheduledTime);
      this.#logger.info(`Cron "${cron}" ran ${worker}'s scheduled() for ${new Date(scheduledTime).toISOString()}: ${outcome}`);
    } catch (error) {
      this.#logger.error(`Cron "${cron}" could not run ${worker}'s scheduled(): ${(error as Error).message}`);
    }
  }

  #reportOnce(message: string, level: "info" | "warn"): void {
    if (this.#reported.has(message)) return;
    this.#reported.add(message);
    this.#logger[level](message);
  }
}

/**
 * Loads every project `outpost dev` was given, following a build tool's redirect in a directory
 * searched for the config as `wrangler dev` follows it; two that name the same worker are refused.
 */
async function loadProjects({ configPaths, cwd, env, overrides }: DevServerOptions): Promise<LoadedProject[]> {
  const projects = await Promise.all(
    (configPaths.length > 0 ? configPaths : [undefined]).map((configPath, index) =>
      loadProject({ configPath, cwd, env, followRedirect: true, ...(index === 0 && { overrides }) }),
    ),
  );
  const names = new Set<string>();
  for (const project of projects) {
    if (names.has(project.config.name)) {
      throw new DevServerError("ERR_DUPLICATE_WORKER", `Two configs name a worker "${project.config.name}" (${project.configName}). Give each worker its own name.`);
    }
    names.add(project.config.name);
  }
  return projects;
}

/** Files named to say what changed before a rebuild; more are counted. */
const FILES_NAMED = 3;

/** `a.ts, b.ts, c.ts and 12 more`, paths from `cwd`. */
function describeFiles(files: ReadonlySet<string>, cwd: string): string {
  const named = [...files].slice(0, FILES_NAMED).map((file) => path.relative(cwd, file)).join(", ");
  return files.size > FILES_NAMED ? `${named} and ${files.size - FILES_NAMED} more` : named;
}

/** Whether `file` lies in a directory the watcher ignores, such as `node_modules`. */
function isInIgnoredDirectory(file: string): boolean {
  return file.split(path.sep).some((segment) => IGNORED_DIRECTORIES.includes(segment));
}

/** A project's custom build runs again when its config or a file under one of its `build.watch_dir`s changed. */
function needsCustomBuild(project: LoadedProject, changed: ReadonlySet<string>): boolean {
  const { build } = project.config;
  if (build === undefined) return false;
  return [...changed].some((file) => project.inputFiles.includes(file) || build.watch_dirs.some((dir) => isWithin(file, dir)));
}

function isWithin(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** The scheduler's clock: the machine's, or one `OUTPOST_TEST_CLOCK_SCALE` times faster for tests. */
function testClock(): Clock {
  const scale = testClockScale();
  return scale !== 1 ? scaledClock(scale) : systemClock;
}

/** `OUTPOST_TEST_CLOCK_SCALE`, or 1. */
function testClockScale(): number {
  const scale = Number(process.env.OUTPOST_TEST_CLOCK_SCALE);
  return scale > 0 ? scale : 1;
}
