import { fsyncSync, renameSync } from "node:fs";
import { unlink, type FileHandle } from "node:fs/promises";
import { IllegalBlobStateError } from "./blob-errors.js";
import { writeAll } from "./write-all.js";

/** Bytes gathered from small chunks before they are written to the draft's file in one call. */
const WRITE_BATCH_BYTES = 1024 * 1024;

/**
 * Where a draft is in its life:
 * - `writing`: bytes are being appended to the temp file;
 * - `written`: every byte is written and fsynced, under the temp name;
 * - `installed`: renamed to its blob name, and that directory fsynced;
 * - `discarded`: its file is (being) removed.
 */
export type BlobDraftState = "writing" | "written" | "installed" | "discarded";

/**
 * A blob being written under a temp name. `write` appends, `finish` makes the bytes durable, and
 * `install` moves the file to its blob name durably; `discard` removes whichever file exists.
 */
export class BlobDraft {
  readonly id: string;
  readonly #handle: FileHandle;
  readonly #tempPath: string;
  readonly #blobPath: string;
  readonly #blobDirectoryFd: number;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #state: BlobDraftState = "writing";

  constructor(id: string, handle: FileHandle, tempPath: string, blobPath: string, blobDirectoryFd: number) {
    this.id = id;
    this.#handle = handle;
    this.#tempPath = tempPath;
    this.#blobPath = blobPath;
    this.#blobDirectoryFd = blobDirectoryFd;
  }

  /** Appends `chunk`; small chunks are gathered and written together. */
  async write(chunk: Uint8Array): Promise<void> {
    this.#expect("writing", "write to");
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.byteLength;
    if (this.#pendingBytes >= WRITE_BATCH_BYTES) await this.#flush();
  }

  /** Writes what is gathered, fsyncs the file and closes it. */
  async finish(): Promise<void> {
    this.#expect("writing", "finish");
    await this.#flush();
    await this.#handle.sync();
    await this.#handle.close();
    this.#state = "written";
  }

  /**
   * Renames the written file to its blob name and fsyncs the blob directory, synchronously, so a
   * caller can do it inside the database transaction that records the blob: committed only after
   * the rename is durable, a row never names a file a power loss could take back.
   */
  install(): void {
    this.#expect("written", "install");
    renameSync(this.#tempPath, this.#blobPath);
    this.#state = "installed";
    fsyncSync(this.#blobDirectoryFd);
  }

  /** Removes the draft's file, wherever it is; for a value refused or a write that did not commit. */
  async discard(): Promise<void> {
    const state = this.#state;
    if (state === "discarded") return;
    this.#state = "discarded";
    if (state === "writing") await this.#handle.close().catch(() => undefined);
    await unlink(state === "installed" ? this.#blobPath : this.#tempPath).catch(() => undefined);
  }

  async #flush(): Promise<void> {
    const chunks = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    await writeAll(this.#handle, chunks);
  }

  #expect(state: BlobDraftState, action: string): void {
    if (this.#state !== state) throw new IllegalBlobStateError("ERR_ILLEGAL_STATE", `Cannot ${action} a blob draft that is ${this.#state}.`);
  }
}
