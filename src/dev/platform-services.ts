import path from "node:path";
import type { Logger } from "../logging/logger.js";
import { ServiceHost } from "../runtime/index.js";
import { D1_SERVICE, D1Service } from "../services/d1/index.js";
import { KV_SERVICE, KvService, SITES_SERVICE } from "../services/kv/index.js";
import { notifyQueues, R2_SERVICE, R2Store, serveR2BindingRequest } from "../services/r2/index.js";
import { QUEUES_SERVICE, QueueBroker, serveQueueRequest, type DeliverBatch } from "../services/queues/index.js";
import { WORKFLOWS_SERVICE, WorkflowsService } from "../services/workflows/index.js";
import type { Clock } from "../services/cron/index.js";
import { ANALYTICS_ENGINE_SERVICE, DataPointStore, serveWriteRequest } from "../services/analytics-engine/index.js";
import { DatabaseTlsProxies } from "../services/hyperdrive/index.js";
import { EMAIL_SERVICE, SentMail, serveSendRequest } from "../services/email/index.js";
import { SECRETS_STORE_SERVICE, SecretStore, serveSecretRequest } from "../services/secrets-store/index.js";
import { PIPELINES_SERVICE, serveRecordsRequest, StreamFiles } from "../services/pipelines/index.js";
import { IMAGES_SERVICE, serveImagesRequest } from "../services/images/index.js";
import { CACHE_SERVICE, CacheStore, serveCacheRequest } from "../services/cache/index.js";
import { FixedWindows, RATELIMIT_SERVICE, serveLimitRequest } from "../services/ratelimit/index.js";
import { serveSfnBindingRequest, sleepingClock, STEP_FUNCTIONS_SERVICE, StepFunctionsService } from "../services/step-functions/index.js";

/** The services `outpost dev` itself drives, besides answering their bindings. */
interface DrivenServices {
  kv: KvService;
  d1: D1Service;
  queues: QueueBroker;
  r2: R2Store;
  workflows: WorkflowsService;
  stepFunctions: StepFunctionsService;
}

/** The platform services one `outpost dev` hosts for workerd's bindings, over data in `persistTo`. */
export class PlatformServices {
  readonly host: ServiceHost;
  readonly kv: KvService;
  readonly d1: D1Service;
  readonly queues: QueueBroker;
  readonly r2: R2Store;
  readonly workflows: WorkflowsService;
  readonly stepFunctions: StepFunctionsService;
  /** Where Hyperdrive bindings to databases over TLS connect. */
  readonly databaseProxies: DatabaseTlsProxies;
  /** Stores only their bindings use, closed with the rest. */
  readonly #bindingStores: readonly { close(): void }[];

  protected constructor(host: ServiceHost, driven: DrivenServices, databaseProxies: DatabaseTlsProxies, bindingStores: readonly { close(): void }[]) {
    this.host = host;
    this.kv = driven.kv;
    this.d1 = driven.d1;
    this.queues = driven.queues;
    this.r2 = driven.r2;
    this.workflows = driven.workflows;
    this.stepFunctions = driven.stepFunctions;
    this.databaseProxies = databaseProxies;
    this.#bindingStores = bindingStores;
  }

  /** `clock` runs `clock.scale` times faster than the machine's in tests; Workflows' timers follow it. */
  static async start(persistTo: string, buildRoot: string, logger: Logger, deliver: DeliverBatch, clock: { clock: Clock; scale: number }): Promise<PlatformServices> {
    const kv = KvService.open(persistTo);
    const host = await ServiceHost.listen(path.join(buildRoot, "services.sock"), logger);
    const d1 = new D1Service(persistTo);
    const queues = new QueueBroker(persistTo, deliver, (error) => logger.error(`Queue delivery failed: ${(error as Error).message}`));
    host.register(KV_SERVICE, (request, response) => kv.handle(request, response));
    const sites = KvService.sites();
    host.register(SITES_SERVICE, (request, response) => sites.handle(request, response));
    host.register(D1_SERVICE, (request, response) => d1.handle(request, response));
    host.register(QUEUES_SERVICE, (request, response) => serveQueueRequest(queues, request, response));
    const r2 = await R2Store.open(persistTo);
    host.register(R2_SERVICE, (request, response) => serveR2BindingRequest(r2, request, response));
    notifyQueues(
      r2,
      (queue, body) => queues.send(queue, [{ format: "json", body: Buffer.from(JSON.stringify(body)), delaySeconds: 0 }]),
      (error) => logger.error(`R2 event notification failed: ${(error as Error).message}`),
    );
    const workflows = new WorkflowsService({ persistTo, logger, clock: clock.clock, clockScale: clock.scale, concurrency: workflowsConcurrency() });
    host.register(WORKFLOWS_SERVICE, (request, response) => workflows.handle(request, response));
    const stepFunctions = new StepFunctionsService({ persistTo, clock: sleepingClock(clock.clock), warn: (message) => logger.warn(message) });
    host.register(STEP_FUNCTIONS_SERVICE, (request, response) => serveSfnBindingRequest(stepFunctions, request, response));
    const rateLimits = new FixedWindows();
    host.register(RATELIMIT_SERVICE, (request, response) => serveLimitRequest(rateLimits, request, response));
    const dataPoints = new DataPointStore(persistTo);
    host.register(ANALYTICS_ENGINE_SERVICE, (request, response) => serveWriteRequest(dataPoints, request, response));
    const secrets = new SecretStore(persistTo);
    host.register(SECRETS_STORE_SERVICE, async (request, response) => serveSecretRequest(secrets, request, response));
    const sentMail = new SentMail(persistTo);
    host.register(EMAIL_SERVICE, (request, response) => serveSendRequest(sentMail, logger, request, response));
    const streams = new StreamFiles(persistTo);
    host.register(PIPELINES_SERVICE, (request, response) => serveRecordsRequest(streams, request, response));
    host.register(IMAGES_SERVICE, serveImagesRequest);
    const cache = new CacheStore(persistTo);
    host.register(CACHE_SERVICE, (request, response) => serveCacheRequest(cache, request, response));
    const databaseProxies = new DatabaseTlsProxies(buildRoot, logger);
    return new PlatformServices(host, { kv, d1, queues, r2, workflows, stepFunctions }, databaseProxies, [sites, dataPoints, secrets, cache]);
  }

  async close(): Promise<void> {
    await this.host.close();
    this.kv.close();
    this.d1.close();
    this.queues.close();
    this.r2.close();
    this.workflows.close();
    await this.stepFunctions.close();
    for (const store of this.#bindingStores) store.close();
    await this.databaseProxies.close();
  }
}

/** Workflow instances running at once: `OUTPOST_WORKFLOWS_CONCURRENCY`, else the engine's default. */
function workflowsConcurrency(): number | undefined {
  const limit = Number(process.env.OUTPOST_WORKFLOWS_CONCURRENCY);
  return Number.isInteger(limit) && limit > 0 ? limit : undefined;
}
