import path from "node:path";
import type { Logger } from "../logging/logger.js";
import { ServiceHost } from "../runtime/index.js";
import { D1_SERVICE, D1Service } from "../services/d1/index.js";
import { KV_SERVICE, KvService } from "../services/kv/index.js";
import { QUEUES_SERVICE, QueueBroker, serveQueueRequest, type DeliverBatch } from "../services/queues/index.js";

/** The platform services one `outpost dev` hosts for workerd's bindings, over data in `persistTo`. */
export class PlatformServices {
  readonly host: ServiceHost;
  readonly kv: KvService;
  readonly d1: D1Service;
  readonly queues: QueueBroker;

  protected constructor(host: ServiceHost, kv: KvService, d1: D1Service, queues: QueueBroker) {
    this.host = host;
    this.kv = kv;
    this.d1 = d1;
    this.queues = queues;
  }

  static async start(persistTo: string, buildRoot: string, logger: Logger, deliver: DeliverBatch): Promise<PlatformServices> {
    const kv = KvService.open(persistTo);
    const host = await ServiceHost.listen(path.join(buildRoot, "services.sock"), logger);
    const d1 = new D1Service(persistTo);
    const queues = new QueueBroker(persistTo, deliver, (error) => logger.error(`Queue delivery failed: ${(error as Error).message}`));
    host.register(KV_SERVICE, (request, response) => kv.handle(request, response));
    host.register(D1_SERVICE, (request, response) => d1.handle(request, response));
    host.register(QUEUES_SERVICE, (request, response) => serveQueueRequest(queues, request, response));
    return new PlatformServices(host, kv, d1, queues);
  }

  async close(): Promise<void> {
    await this.host.close();
    this.kv.close();
    this.d1.close();
    this.queues.close();
  }
}
