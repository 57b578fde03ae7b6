import { readdir } from "node:fs/promises";
import path from "node:path";
import { BundleError } from "./errors.js";
import { ignoredRuleMessage } from "./rule-fallthrough.js";
import { MODULE_KIND, type BundleModule } from "./worker-bundle.js";
import type { ModuleRuleSet } from "./module-rules.js";

const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git", ".wrangler", ".outpost"]);

/** Every file under `baseDir` that a rule turns into a module, as wrangler's `find_additional_modules` finds them. */
export async function findAdditionalModules(baseDir: string, rules: ModuleRuleSet): Promise<BundleModule[]> {
  const entries = await readdir(baseDir, { recursive: true, withFileTypes: true });
  const modules: BundleModule[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const name = toModuleName(baseDir, file);
    if (name.split("/").some((part) => SKIPPED_DIRECTORIES.has(part))) continue;
    const type = rules.typeOf(name);
    if (type !== undefined) modules.push({ name, kind: MODULE_KIND[type], file });
    const ignored = rules.ignoredRuleMatching(name);
    if (ignored !== undefined) throw new BundleError("ERR_IGNORED_MODULE_RULE", ignoredRuleMessage(name, ignored));
  }
  return modules.sort((a, b) => a.name.localeCompare(b.name));
}

export function toModuleName(baseDir: string, file: string): string {
  return path.relative(baseDir, file).split(path.sep).join("/");
}
