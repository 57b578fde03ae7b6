import { open } from "node:fs/promises";

/**
 * fsyncs one directory on request, sharing syncs between concurrent callers: a caller waits for
 * the next sync to start after its call (one that started earlier may miss its rename), and
 * everyone who asked while a sync ran shares the one after it.
 */
export class DirectorySync {
  readonly #dir: string;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  sync(): Promise<void> {
    if (this.#running === undefined) return (this.#running = this.#run());
    this.#next ??= this.#running.then(() => {
      this.#next = undefined;
      return (this.#running = this.#run());
    });
    return this.#next;
  }

  async #run(): Promise<void> {
    try {
      const handle = await open(this.#dir, "r");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } finally {
      this.#running = undefined;
    }
  }
}
