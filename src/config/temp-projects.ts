import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Throwaway project directories for tests, each written from a map of relative path → content. */
export class TempProjects {
  readonly #dirs: string[] = [];

  create(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), "outpost-config-"));
    this.#dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    return dir;
  }

  removeAll(): void {
    for (const dir of this.#dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
