/**
 * Characters a module rule's glob matches literally. wrangler reads globs with the glob-to-regexp
 * package without its `extended` option, so `?`, `[…]` and `{…}` are plain characters, not wildcards.
 */
const LITERAL_CHARACTERS = new Set(["/", "$", "^", "+", ".", "(", ")", "=", "!", "|", "?", "[", "]", "{", "}", ","]);

/**
 * A module rule's glob as wrangler reads it. With `globstar` (how `find_additional_modules`
 * matches paths under `base_dir`) `*` stays within one path segment and a `**` segment spans any
 * number of them; without it (how imports are matched while bundling) any run of `*` matches
 * anything, `/` included.
 */
export function ruleGlobToRegExp(glob: string, options: { globstar: boolean }): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char !== "*") {
      source += LITERAL_CHARACTERS.has(char) ? `\\${char}` : char;
      continue;
    }
    const previous = glob[i - 1];
    let stars = 1;
    while (glob[i + 1] === "*") {
      stars++;
      i++;
    }
    const next = glob[i + 1];
    if (!options.globstar) {
      source += ".*";
    } else if (stars > 1 && (previous === "/" || previous === undefined) && (next === "/" || next === undefined)) {
      source += "((?:[^/]*(?:/|$))*)";
      i++;
    } else {
      source += "([^/]*)";
    }
  }
  return new RegExp(`^${source}$`);
}
