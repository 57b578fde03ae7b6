import { fstatSync, statSync } from "node:fs";

/**
 * The files this process's stdout and stderr are written to (`outpost dev > dev.log`), which change
 * with every line Outpost logs. Reloading on them would log "Reloaded.", and so reload again.
 */
export class OwnOutputFiles {
  readonly #identities: ReadonlySet<string>;

  constructor() {
    this.#identities = new Set([1, 2].flatMap(fileIdentityOf));
  }

  includes(file: string): boolean {
    if (this.#identities.size === 0) return false;
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats !== undefined && this.#identities.has(identity(stats));
  }
}

/** A closed descriptor, a terminal or a pipe has none. */
function fileIdentityOf(fd: number): string[] {
  try {
    const stats = fstatSync(fd);
    return stats.isFile() ? [identity(stats)] : [];
  } catch {
    return [];
  }
}

function identity(stats: { dev: number; ino: number }): string {
  return `${stats.dev}:${stats.ino}`;
}
