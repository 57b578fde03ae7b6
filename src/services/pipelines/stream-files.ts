import { mkdir, open } from "node:fs/promises";
import path from "node:path";

/**
 * Each stream's records, one JSON object a line, appended to `<persistTo>/pipelines/<stream>.ndjson`
 * and fsynced before `append` resolves. Appends to one stream are written one after another.
 */
export class StreamFiles {
  readonly #directory: string;
  readonly #tails = new Map<string, Promise<void>>();

  constructor(persistTo: string) {
    this.#directory = path.join(persistTo, "pipelines");
  }

  /** The file a stream's records go to; the stream's id with anything but `A-Za-z0-9._-` made `_`. */
  #fileOf(stream: string): string {
    return path.join(this.#directory, `${stream.replace(/[^A-Za-z0-9._-]/g, "_")}.ndjson`);
  }

  append(stream: string, records: readonly unknown[]): Promise<void> {
    const lines = records.map((record) => `${JSON.stringify(record)}\n`).join("");
    const written = (this.#tails.get(stream) ?? Promise.resolve()).then(() => this.#write(stream, lines));
    this.#tails.set(stream, written.catch(() => {}));
    return written;
  }

  async #write(stream: string, lines: string): Promise<void> {
    await mkdir(this.#directory, { recursive: true });
    const handle = await open(this.#fileOf(stream), "a");
    try {
      await handle.writeFile(lines);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
