import type { ModuleRule } from "../config/index.js";

export interface FallthroughResult {
  /** The rules that apply, in order. */
  rules: ModuleRule[];
  /** Rules a previous rule of their type shadows: a file they match is an error, as in wrangler. */
  ignored: ModuleRule[];
}

/**
 * Applies `fallthrough` to the user's rules followed by the defaults, as wrangler does: a rule
 * without `fallthrough: true` is the last of its type, and the rules of that type after it are
 * ignored, with wrangler's warning unless the rule says `fallthrough: false`.
 */
export function applyFallthrough(userRules: readonly ModuleRule[], defaults: readonly ModuleRule[], warn: (message: string) => void): FallthroughResult {
  const all = [...userRules, ...defaults];
  const last = new Map<ModuleRule["type"], ModuleRule>();
  const shadowed = new Map<ModuleRule, ModuleRule[]>();
  const rules: ModuleRule[] = [];
  const ignored: ModuleRule[] = [];
  for (const rule of all) {
    const previous = last.get(rule.type);
    if (previous === undefined) {
      rules.push(rule);
      if (rule.fallthrough !== true) last.set(rule.type, rule);
      continue;
    }
    ignored.push(rule);
    if (previous.fallthrough !== false) shadowed.set(previous, [...(shadowed.get(previous) ?? []), rule]);
  }
  const isDefault = (rule: ModuleRule) => all.indexOf(rule) >= userRules.length;
  for (const rule of last.values()) {
    const after = shadowed.get(rule);
    if (after === undefined) continue;
    const list = after.map((ignoredRule) => `\n ${JSON.stringify(ignoredRule)}${isDefault(ignoredRule) ? " (DEFAULT)" : ""}`).join("");
    warn(
      `The ${isDefault(rule) ? "default " : ""}module rule ${JSON.stringify(rule)} does not have a fallback, the following rules will be ignored:${list}` +
        "\n\nAdd `fallthrough = true` to rule to allow next rule to be used or `fallthrough = false` to silence this warning",
    );
  }
  return { rules, ignored };
}

/** wrangler's error for a file that only a rule `applyFallthrough` ignored matches. */
export function ignoredRuleMessage(file: string, rule: ModuleRule): string {
  return `The file ${file} matched a module rule in your configuration (${JSON.stringify(rule)}), but was ignored because a previous rule with the same type was not marked as \`fallthrough = true\`.`;
}
