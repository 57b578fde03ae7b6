import { unwatchFile, watchFile, type Stats, type StatsListener } from "node:fs";

/** Milliseconds between two looks at each polled file. */
const POLL_INTERVAL_MS = 1000;

/**
 * Polls the stats of the files the served build was bundled from, beside the project's file
 * watcher. That watcher loses a directory that is deleted and made again: it goes on watching the
 * deleted one, so the files a build tool writes after emptying its output directory (as
 * `opennextjs-cloudflare build` empties `.open-next/`) raise no event, and the last build, which
 * failed halfway through the tool's run, stays served. esbuild's watch mode, which wrangler dev
 * rebuilds by, polls its inputs in the same way.
 *
 * Only a file that exists is reported, with the time it last changed: one deleted unseen changes
 * nothing served, since a rebuild without it would fail and keep the last build.
 */
export class InputPoller {
  readonly #onChange: (file: string, changedAt: number) => void;
  readonly #listeners = new Map<string, StatsListener>();

  constructor(onChange: (file: string, changedAt: number) => void) {
    this.#onChange = onChange;
  }

  /** Polls `files` from now on, and no others. */
  poll(files: Iterable<string>): void {
    const next = new Set(files);
    for (const [file, listener] of this.#listeners) {
      if (next.has(file)) continue;
      unwatchFile(file, listener);
      this.#listeners.delete(file);
    }
    for (const file of next) {
      if (this.#listeners.has(file)) continue;
      const listener = (current: Stats) => {
        if (current.ino !== 0) this.#onChange(file, Math.max(current.mtimeMs, current.ctimeMs));
      };
      watchFile(file, { interval: POLL_INTERVAL_MS, persistent: false }, listener);
      this.#listeners.set(file, listener);
    }
  }

  close(): void {
    this.poll([]);
  }
}
