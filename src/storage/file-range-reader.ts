import { close, open, read } from "node:fs";
import { Readable } from "node:stream";
import type { BufferPool } from "./buffer-pool.js";

/** `length` bytes of the file at `path`, from `start`. */
export interface FileRange {
  path: string;
  start: number;
  length: number;
}

/**
 * The bytes of file ranges laid end to end, read into buffers from a pool. A consumer that knows
 * when it is done with a chunk hands it to `recycle` (see `pipeRecycling`); chunks it keeps are
 * simply not reused. `onRangeRead(index)` runs as each range is read to its end.
 */
export class FileRangeReader extends Readable {
  readonly #ranges: readonly FileRange[];
  readonly #pool: BufferPool;
  readonly #onRangeRead: (index: number) => void;
  #index = -1;
  #fd: number | undefined;
  #position = 0;
  #remaining = 0;
  #readInFlight = false;
  /** The close `_destroy` deferred until the read in flight returns. */
  #afterRead: (() => void) | undefined;

  constructor(ranges: readonly FileRange[], pool: BufferPool, onRangeRead: (index: number) => void) {
    super({ highWaterMark: pool.bufferBytes });
    this.#ranges = ranges;
    this.#pool = pool;
    this.#onRangeRead = onRangeRead;
  }

  recycle(chunk: Uint8Array): void {
    this.#pool.give(chunk);
  }

  override _read(): void {
    if (this.#remaining > 0) return this.#readChunk(this.#fd!);
    this.#closeFile(() => this.#openNext());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const close = (): void => this.#closeFile(() => callback(error));
    // Closing the descriptor under a read still queued on libuv's pool could let a file opened
    // meanwhile take its number, so the close waits for that read.
    if (this.#readInFlight) this.#afterRead = close;
    else close();
  }

  #openNext(): void {
    if (this.#index >= 0) this.#onRangeRead(this.#index);
    const range = this.#ranges[++this.#index];
    if (range === undefined) {
      this.push(null);
      return;
    }
    open(range.path, "r", (error, fd) => {
      if (error !== null) return this.destroy(error);
      if (this.destroyed) return close(fd, () => undefined);
      this.#fd = fd;
      this.#position = range.start;
      this.#remaining = range.length;
      this._read();
    });
  }

  #readChunk(fd: number): void {
    const buffer = this.#pool.take();
    this.#readInFlight = true;
    read(fd, buffer, 0, Math.min(buffer.length, this.#remaining), this.#position, (error, bytesRead) => {
      this.#readInFlight = false;
      if (this.#afterRead !== undefined) {
        this.#pool.give(buffer);
        return this.#afterRead();
      }
      if (error !== null) return this.destroy(error);
      if (bytesRead === 0) return this.destroy(new Error(`${this.#ranges[this.#index]!.path} ended ${this.#remaining} bytes early.`));
      this.#position += bytesRead;
      this.#remaining -= bytesRead;
      this.push(buffer.subarray(0, bytesRead));
    });
  }

  #closeFile(then: () => void): void {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd === undefined) then();
    else close(fd, () => then());
  }
}
