import { readFile } from "node:fs/promises";
import path from "node:path";
import type { WorkerConfig } from "../config/index.js";
import type { AssetsDefinition } from "../runtime/index.js";

/**
 * The files of an assets directory that configure it rather than being served, by the field of
 * workerd's assets config that takes each one's text.
 */
const ASSETS_CONFIG_FILES = { headers: "_headers", redirects: "_redirects", ignore: ".assetsignore" } as const;
const ASSETS_CONFIG_NAMES: ReadonlySet<string> = new Set(Object.values(ASSETS_CONFIG_FILES));

/**
 * Whether `file` is inside one of `directories` and served as it is: workerd looks such files up
 * per request, so only a change to the directory's config files needs a reload.
 */
export function isServedAsset(file: string, directories: readonly string[]): boolean {
  return directories.some(
    (directory) => file.startsWith(directory + path.sep) && !(path.dirname(file) === directory && ASSETS_CONFIG_NAMES.has(path.basename(file))),
  );
}

/** A worker's `assets` as workerd's assets service takes them, with the directory's `_headers`, `_redirects` and `.assetsignore`. */
export async function assetsDefinition(assets: WorkerConfig["assets"]): Promise<AssetsDefinition | undefined> {
  if (assets?.directory === undefined) return undefined;
  const directory = assets.directory;
  const files = await Promise.all(
    Object.entries(ASSETS_CONFIG_FILES).map(async ([field, name]) => [field, await textIfPresent(path.join(directory, name))] as const),
  );
  return {
    directory,
    binding: assets.binding,
    options: {
      html_handling: assets.html_handling,
      not_found_handling: assets.not_found_handling,
      run_worker_first: assets.run_worker_first,
      ...Object.fromEntries(files.filter(([, text]) => text !== undefined)),
    },
  };
}

async function textIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
