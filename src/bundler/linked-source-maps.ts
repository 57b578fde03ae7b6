import { open, stat } from "node:fs/promises";
import path from "node:path";
import type { BundleModule, ModuleSourceMap } from "./worker-bundle.js";

/** How much of a module's end is searched for its `sourceMappingURL` comment, which build tools write last. */
const TAIL_BYTES = 4096;

/** The last `//# sourceMappingURL=<url>` of a module, ignoring whitespace after it. */
const SOURCE_MAPPING_URL = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/;

/**
 * The source maps that the JavaScript modules among `modules` link with a trailing
 * `//# sourceMappingURL=` comment naming a file beside them, as Vite and other build tools write
 * them, and wrangler reads them for a worker it does not bundle. A `data:` URL, an absolute URL or
 * a map that is not there links none.
 */
export async function linkedSourceMaps(modules: readonly BundleModule[]): Promise<ModuleSourceMap[]> {
  const linked = await Promise.all(
    modules
      .filter((module) => module.kind === "esModule" || module.kind === "commonJsModule")
      .map(async (module) => {
        const url = await sourceMappingUrlOf(module.file);
        if (url === undefined || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("/")) return undefined;
        const sourceMapFile = path.resolve(path.dirname(module.file), url);
        return (await isFile(sourceMapFile)) ? { moduleName: module.name, sourceMapFile } : undefined;
      }),
  );
  return linked.filter((map) => map !== undefined);
}

async function sourceMappingUrlOf(file: string): Promise<string | undefined> {
  const handle = await open(file);
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    return SOURCE_MAPPING_URL.exec(tail.toString("utf8"))?.[1];
  } finally {
    await handle.close();
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
