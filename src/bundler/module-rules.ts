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

interface RuleMatcher {
  type: ModuleRuleType;
  matchesPath: (path: string) => boolean;
  matchesImport: (specifier: string) => boolean;
}

/** Decides which module type, if any, a file becomes. */
export class ModuleRuleSet {
  readonly #matchers: RuleMatcher[];

  constructor(userRules: readonly ModuleRule[], options: { includeScripts: boolean }) {
    const defaults = options.includeScripts ? [...DEFAULT_RULES, ...UNBUNDLED_DEFAULT_RULES] : DEFAULT_RULES;
    // As in wrangler, a user rule replaces the defaults of its type unless it says `fallthrough`.
    const replaced = new Set(userRules.filter((rule) => !rule.fallthrough).map((rule) => rule.type));
    const rules = [...userRules, ...defaults.filter((rule) => !replaced.has(rule.type))];
    this.#matchers = rules.map((rule) => ({
      type: rule.type,
      matchesPath: anyOf(rule.globs.map((glob) => ruleGlobToRegExp(glob, { globstar: true }))),
      matchesImport: anyOf(rule.globs.map((glob) => ruleGlobToRegExp(glob, { globstar: false }))),
    }));
  }

  /** The type of a file found under the base directory, by its path relative to that directory. */
  typeOf(relativePath: string): ModuleRuleType | undefined {
    return this.#matchers.find((matcher) => matcher.matchesPath(relativePath))?.type;
  }

  /** The types of the rules, in order, whose globs match an import's specifier as written (`./0000_init.sql`, `../wasm/add.wasm`). */
  importTypesOf(specifier: string): ModuleRuleType[] {
    return this.#matchers.filter((matcher) => matcher.matchesImport(specifier)).map((matcher) => matcher.type);
  }
}

function anyOf(patterns: readonly RegExp[]): (text: string) => boolean {
  return (text) => patterns.some((pattern) => pattern.test(text));
}
