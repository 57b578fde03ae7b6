import { isBuiltin } from "node:module";
import type * as esbuild from "esbuild";

/** esbuild's note on an unresolved import, which names an esbuild option no Wrangler config has. */
const MARK_AS_EXTERNAL = "as external to exclude it from the bundle";

/**
 * Replaces esbuild's advice for an unresolved package ("mark the path as external"), an option no
 * Wrangler config has, with wrangler's: an `alias` entry. A Node built-in gets `adviseNodejsCompat`'s.
 */
export function adviseAlias(errors: esbuild.Message[]): void {
  for (const error of errors) {
    const name = /^Could not resolve "([^"]+)"$/.exec(error.text)?.[1];
    if (name === undefined || isBuiltin(name) || !error.notes.some((note) => note.text.includes(MARK_AS_EXTERNAL))) continue;
    error.notes = [
      ...error.notes.filter((note) => !note.text.includes(MARK_AS_EXTERNAL)),
      {
        location: null,
        text: 'To fix this, you can add an entry to "alias" in your Wrangler configuration.\nFor more guidance see: https://developers.cloudflare.com/workers/wrangler/configuration/#bundling-issues',
      },
    ];
  }
}
