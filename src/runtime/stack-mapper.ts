import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import type { ModuleSourceMap } from "../bundler/index.js";

/** `(src/index.js:12:7)` or ` src/index.js:12:7` in a V8 or workerd stack frame. */
const FRAME_LOCATION = /([(\s])([^\s()]+):(\d+):(\d+)/g;

/** How V8 indents a stack frame: text without it has no frame, and is left alone after one search. */
const FRAME_INDENT = "    at ";

/** A line of a stack, `    at fn (index.js:12:7)`. */
const FRAME_LINE = /^\s+at /;

/** A location in a module Outpost added to the worker: they are all named `__outpost_*.js`. */
const OUTPOST_LOCATION = /\b__outpost_\w+\.js:\d+/;

/** Whether `line` is a stack frame in one of the modules Outpost adds to a worker, which users are not shown. */
export function isOutpostFrame(line: string): boolean {
  return FRAME_LINE.test(line) && OUTPOST_LOCATION.test(line);
}

/**
 * Rewrites stack frames that point into bundled code so they point at the user's own source lines,
 * and leaves out those of the modules Outpost adds to a worker.
 */
export class StackMapper {
  readonly #maps = new Map<string, { map: SourceMap; dir: string } | null>();
  readonly #files: ReadonlyMap<string, string>;
  readonly #displayRoot: string;

  constructor(modules: readonly ModuleSourceMap[], displayRoot: string) {
    this.#files = new Map(modules.map((module) => [module.moduleName, module.sourceMapFile]));
    this.#displayRoot = displayRoot;
  }

  /** `text` with every location in a mapped module, wherever it appears, pointed at the user's source. */
  map(text: string): string {
    return text.replace(FRAME_LOCATION, (match, lead: string, file: string, line: string, column: string) => {
      const source = this.#load(file);
      if (source === null) return match;
      const entry = source.map.findEntry(Number(line) - 1, Number(column) - 1) as Partial<{
        originalSource: string;
        originalLine: number;
        originalColumn: number;
      }>;
      if (entry.originalSource === undefined) return match;
      const original = path.relative(this.#displayRoot, path.resolve(source.dir, entry.originalSource));
      return `${lead}${original}:${entry.originalLine! + 1}:${entry.originalColumn! + 1}`;
    });
  }

  /**
   * `text` with its stack frame lines mapped and those in Outpost's own modules left out, so the
   * user sees the frames of their code only; every other line stays as it is.
   */
  mapFrames(text: string): string {
    if (!text.includes(FRAME_INDENT)) return text;
    const lines: string[] = [];
    for (const line of text.split("\n")) {
      if (!FRAME_LINE.test(line)) lines.push(line);
      else if (!isOutpostFrame(line)) lines.push(this.map(line));
    }
    return lines.join("\n");
  }

  #load(moduleName: string): { map: SourceMap; dir: string } | null {
    const file = this.#files.get(moduleName);
    if (file === undefined) return null;
    let loaded = this.#maps.get(file);
    if (loaded === undefined) {
      try {
        loaded = { map: new SourceMap(JSON.parse(readFileSync(file, "utf8"))), dir: path.dirname(file) };
      } catch {
        loaded = null;
      }
      this.#maps.set(file, loaded);
    }
    return loaded;
  }
}
