import { close, closeSync, read } from "node:fs";
import { promisify } from "node:util";
import type { Readable } from "node:stream";
import { IllegalBlobStateError } from "./blob-errors.js";
import { FILE_READ_BUFFERS, FileRangeReader } from "./file-range-reader.js";

const readAsync = promisify(read);
const closeAsync = promisify(close);

/**
 * A blob file opened for one read. It was opened when its database row was read, so removing the
 * file afterwards (an overwrite committed meanwhile) does not cut the read short. Exactly one of
 * `stream`, `bytes` and `close` releases it.
 */
export class OpenBlob {
  readonly byteLength: number;
  readonly #path: string;
  readonly #fd: number;
  #released = false;

  constructor(path: string, fd: number, byteLength: number) {
    this.#path = path;
    this.#fd = fd;
    this.byteLength = byteLength;
  }

  /** The bytes in chunks, pulled as the consumer reads; the file is closed at the end or on `destroy`. */
  stream(): Readable {
    this.#release();
    return new FileRangeReader([{ fd: this.#fd, start: 0, length: this.byteLength }], FILE_READ_BUFFERS, () => undefined);
  }

  /** Every byte in one buffer. */
  async bytes(): Promise<Buffer> {
    this.#release();
    try {
      const buffer = Buffer.allocUnsafe(this.byteLength);
      let filled = 0;
      while (filled < buffer.byteLength) {
        const { bytesRead } = await readAsync(this.#fd, buffer, filled, buffer.byteLength - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    } finally {
      await closeAsync(this.#fd);
    }
  }

  /** Releases the file unread. */
  close(): void {
    if (this.#released) return;
    this.#release();
    closeSync(this.#fd);
  }

  #release(): void {
    if (this.#released) throw new IllegalBlobStateError("ERR_ILLEGAL_STATE", `Blob ${this.#path} was already read or closed.`);
    this.#released = true;
  }
}
