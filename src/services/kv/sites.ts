import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BundleModule } from "../../bundler/index.js";
import type { SiteConfig } from "../../config/index.js";
import type { BindingDefinition } from "../../runtime/index.js";
import { KV_NAMESPACE_HEADER } from "./kv-service.js";
import { SiteFiles } from "./site-files.js";

/** The service name Workers Sites' namespace requests carry to Outpost's service host. */
export const SITES_SERVICE = "kv-sites";
const NAMESPACE_BINDING = "__STATIC_CONTENT";
const MANIFEST = "__STATIC_CONTENT_MANIFEST";

/**
 * Workers Sites, as `wrangler dev` runs it: `env.__STATIC_CONTENT`, a read-only KV namespace of the
 * bucket's files, and the manifest from each file's path to its key, both as the
 * `__STATIC_CONTENT_MANIFEST` module (JSON text) and as `env.__STATIC_CONTENT_MANIFEST`.
 */
export async function siteDefinition(site: SiteConfig, outDir: string): Promise<{ bindings: BindingDefinition[]; manifestModule: BundleModule }> {
  const id = encodeURIComponent(JSON.stringify(site));
  const manifest = new SiteFiles(site).manifest();
  const file = path.join(outDir, MANIFEST);
  await mkdir(outDir, { recursive: true });
  await writeFile(file, JSON.stringify(manifest));
  return {
    bindings: [
      { name: NAMESPACE_BINDING, kind: "kvNamespace", platform: { service: SITES_SERVICE, resource: id, headers: { [KV_NAMESPACE_HEADER]: id } } },
      { name: MANIFEST, kind: "json", value: manifest },
    ],
    manifestModule: { name: MANIFEST, kind: "text", file },
  };
}
