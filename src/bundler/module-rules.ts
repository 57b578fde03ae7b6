import type { ModuleRule, ModuleRuleType } from "../config/index.js";
import { ruleGlobToRegExp } from "./rule-glob.js";

/** wrangler's default rules: files an import turns into a module of their own instead of bundled code. */
const DEFAULT_RULES: readonly ModuleRule[] = [
  { type: "Text", globs: ["**/*.txt", "**/*.html", "**/*.sql"] },
  { type: "Data", globs: ["**/*.bin"] },
  { type: "CompiledWasm", globs: ["**/*.wasm", "**/*.wasm?module"] },
];

/** ES and CommonJS rules apply only to modules found on disk, never to code esbuild bundles. */
const UNBUNDLED_DEFAULT_RULES: readonly ModuleRule[] = [
  { type: "ESModule", globs: ["**/*.js", "**/*.mjs"] },
  { type: "CommonJS", globs: ["**/*.cjs"] },
];

/** Decides which module type, if any, a file (a path relative to the base directory) becomes. */
export class ModuleRuleSet {
  readonly #matchers: { type: ModuleRuleType; matches: (path: string) => boolean }[];

  constructor(userRules: readonly ModuleRule[], options: { includeScripts: boolean }) {
    const defaults = options.includeScripts ? [...DEFAULT_RULES, ...UNBUNDLED_DEFAULT_RULES] : DEFAULT_RULES;
    // As in wrangler, a user rule replaces the defaults of its type unless it says `fallthrough`.
    const replaced = new Set(userRules.filter((rule) => !rule.fallthrough).map((rule) => rule.type));
    const rules = [...userRules, ...defaults.filter((rule) => !replaced.has(rule.type))];
    this.#matchers = rules.map((rule) => ({
      type: rule.type,
      matches: anyOf(rule.globs.map((glob) => ruleGlobToRegExp(glob, { globstar: true }))),
    }));
  }

  typeOf(relativePath: string): ModuleRuleType | undefined {
    return this.#matchers.find((matcher) => matcher.matches(relativePath))?.type;
  }
}

function anyOf(patterns: readonly RegExp[]): (text: string) => boolean {
  return (text) => patterns.some((pattern) => pattern.test(text));
}
