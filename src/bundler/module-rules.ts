import type { ModuleRule, ModuleRuleType } from "../config/index.js";
import { applyFallthrough } from "./rule-fallthrough.js";
import globToRegExp from "glob-to-regexp";

/** wrangler's default rules: files an import turns into a module of their own instead of bundled code. */
const DEFAULT_RULES: readonly ModuleRule[] = [
  { type: "Text", globs: ["**/*.txt", "**/*.html", "**/*.sql"] },
  { type: "Data", globs: ["**/*.bin"] },
  { type: "CompiledWasm", globs: ["**/*.wasm", "**/*.wasm?module"] },
];

/**
 * ES and CommonJS rules apply only to modules found on disk, never to code esbuild bundles. wrangler's
 * defaults do not have them, so a user rule of their type replaces them without a warning.
 */
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
  readonly #ignored: { rule: ModuleRule; matches: (file: string) => boolean }[];

  constructor(userRules: readonly ModuleRule[], options: { includeScripts: boolean; warn: (message: string) => void }) {
    const { rules, ignored } = applyFallthrough(userRules, DEFAULT_RULES, options.warn);
    const replaced = new Set(userRules.filter((rule) => rule.fallthrough !== true).map((rule) => rule.type));
    const scripts = options.includeScripts ? UNBUNDLED_DEFAULT_RULES.filter((rule) => !replaced.has(rule.type)) : [];
    this.#matchers = [...rules, ...scripts].map((rule) => ({
      type: rule.type,
      matchesPath: anyOf(rule.globs.map((glob) => globToRegExp(glob, { globstar: true }))),
      matchesImport: anyOf(rule.globs.map((glob) => globToRegExp(glob))),
    }));
    // wrangler matches ignored rules' globs one way, for imports and found files alike.
    this.#ignored = ignored.map((rule) => ({ rule, matches: anyOf(rule.globs.map((glob) => globToRegExp(glob))) }));
  }

  /** The type of a file found under the base directory, by its path relative to that directory. */
  typeOf(relativePath: string): ModuleRuleType | undefined {
    return this.#matchers.find((matcher) => matcher.matchesPath(relativePath))?.type;
  }

  /** The types of the rules, in order, whose globs match an import's specifier as written (`./0000_init.sql`, `../wasm/add.wasm`). */
  importTypesOf(specifier: string): ModuleRuleType[] {
    return this.#matchers.filter((matcher) => matcher.matchesImport(specifier)).map((matcher) => matcher.type);
  }

  /** The first ignored rule (see `applyFallthrough`) whose globs match an import's specifier or a found file's path. */
  ignoredRuleMatching(file: string): ModuleRule | undefined {
    return this.#ignored.find((ignored) => ignored.matches(file))?.rule;
  }
}

function anyOf(patterns: readonly RegExp[]): (text: string) => boolean {
  return (text) => patterns.some((pattern) => pattern.test(text));
}
