import { open, type FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";
import { writeAll } from "./write-all.js";

/** Bytes buffered before they are written in one call. */
const WRITE_BATCH_BYTES = 1024 * 1024;
/** Bytes written between the background fdatasyncs that start the disk on a file still arriving. */
const EARLY_SYNC_BYTES = 8 * 1024 * 1024;

/**
 * A new file written from a stream, fsynced before the stream finishes. The kernel writes a file
 * back only when asked, so a large file's final fsync would wait for every byte at once; an
 * fdatasync in the background every few megabytes has the disk write while the rest arrives, and
 * leaves the final fsync only the tail.
 */
export class SyncedFileWriter extends Writable {
  readonly #path: string;
  #handle: FileHandle | undefined;
  #written = 0;
  #syncedThrough = 0;
  readonly #earlySyncs: Promise<void>[] = [];

  /** Creates `path`, which must not exist. */
  constructor(path: string) {
    super({ highWaterMark: WRITE_BATCH_BYTES });
    this.#path = path;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.#path, "wx").then((handle) => {
      this.#handle = handle;
      callback();
    }, callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    writeAll(this.#handle!, chunks.map(({ chunk }) => chunk)).then((bytes) => {
      this.#written += bytes;
      // A write can end after the stream was destroyed, its descriptor closing: no sync then.
      if (!this.destroyed && this.#written - this.#syncedThrough >= EARLY_SYNC_BYTES) {
        this.#syncedThrough = this.#written;
        this.#earlySyncs.push(this.#earlySync());
      }
      callback();
    }, callback);
  }

  /** An fdatasync in the background; a failure of it is the stream's at `_final`, and no unhandled rejection before then. */
  #earlySync(): Promise<void> {
    const sync = this.#handle!.datasync();
    sync.catch(() => {});
    return sync;
  }

  override _final(callback: (error?: Error | null) => void): void {
    Promise.all(this.#earlySyncs)
      .then(() => this.#handle!.sync())
      .then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // An fdatasync still running must finish before its descriptor is closed and reused.
    Promise.allSettled(this.#earlySyncs)
      .then(() => this.#handle?.close())
      .then(() => callback(error), (closeError: Error) => callback(error ?? closeError));
  }
}
