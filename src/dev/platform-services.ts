import path from "node:path";
import type { Logger } from "../logging/logger.js";
import { ServiceHost } from "../runtime/index.js";
import { KV_SERVICE, KvService } from "../services/kv/index.js";

/** The platform services one `outpost dev` hosts for workerd's bindings, over data in `persistTo`. */
export class PlatformServices {
  readonly host: ServiceHost;
  readonly kv: KvService;

  protected constructor(host: ServiceHost, kv: KvService) {
    this.host = host;
    this.kv = kv;
  }

  static async start(persistTo: string, buildRoot: string, logger: Logger): Promise<PlatformServices> {
    const kv = KvService.open(persistTo);
    const host = await ServiceHost.listen(path.join(buildRoot, "services.sock"), logger);
    host.register(KV_SERVICE, (request, response) => kv.handle(request, response));
    return new PlatformServices(host, kv);
  }

  async close(): Promise<void> {
    await this.host.close();
    this.kv.close();
  }
}
