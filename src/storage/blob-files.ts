import { randomBytes } from "node:crypto";
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, unlinkSync } from "node:fs";
import { open, unlink } from "node:fs/promises";
import path from "node:path";
import { BlobDraft } from "./blob-draft.js";
import { OpenBlob } from "./open-blob.js";

/**
 * Names this process's temp files apart from those of an earlier process that had the same pid: in
 * a container, a restarted Outpost often gets its predecessor's pid.
 */
const PROCESS_TOKEN = randomBytes(4).toString("hex");

/**
 * Blob files in one directory: `blobs/<id>` once installed, `tmp/<pid>-<token>-<id>` while a draft
 * is written. Several processes may share the directory (`outpost dev` and the CLI beside it), so a
 * temp file is another process's unfinished draft for as long as that process lives.
 *
 * The caller keeps the index of which blobs are in use (a database row per blob) and must order its
 * changes so none points at a missing file: install a draft before committing the row that names it,
 * and remove a blob only after committing the change that stopped naming it.
 */
export class BlobFiles {
  readonly #blobs: string;
  readonly #tmp: string;
  /** The blob directory, kept open to fsync it after each install. */
  readonly #blobsFd: number;

  constructor(dir: string) {
    this.#blobs = path.join(dir, "blobs");
    this.#tmp = path.join(dir, "tmp");
    mkdirSync(this.#blobs, { recursive: true });
    mkdirSync(this.#tmp, { recursive: true });
    this.#blobsFd = openSync(this.#blobs, "r");
  }

  /** Starts a new blob, written under a temp name until it is installed. */
  async draft(): Promise<BlobDraft> {
    const id = randomBytes(16).toString("hex");
    const tempPath = path.join(this.#tmp, `${process.pid}-${PROCESS_TOKEN}-${id}`);
    return new BlobDraft(id, await open(tempPath, "wx"), tempPath, path.join(this.#blobs, id), this.#blobsFd);
  }

  /** The installed blob `id`, opened for one read; `undefined` when there is no such file. */
  open(id: string): OpenBlob | undefined {
    const file = path.join(this.#blobs, id);
    let fd: number;
    try {
      fd = openSync(file, "r");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    return new OpenBlob(file, fd, fstatSync(fd).size);
  }

  /** Removes installed blobs; readers that opened one keep reading it. A blob already gone is no failure. */
  async remove(ids: Iterable<string>): Promise<void> {
    await Promise.all([...ids].map((id) => unlink(path.join(this.#blobs, id)).catch(() => undefined)));
  }

  /** `remove`, synchronously: for callers that are themselves synchronous, such as a purge. */
  removeSync(ids: Iterable<string>): void {
    for (const id of ids) unlinkQuietly(path.join(this.#blobs, id));
  }

  /**
   * Removes the temp files of processes that are gone (a draft a crash interrupted) and every
   * installed blob `isReferenced` disowns (removed too late by a crash). Synchronous, so a caller
   * can run it while holding the lock under which drafts are installed: no install can then be
   * half done, blob file present and its row not yet committed.
   */
  sweep(isReferenced: (id: string) => boolean): void {
    for (const name of readdirSync(this.#tmp)) {
      if (!ownerIsAlive(name)) unlinkQuietly(path.join(this.#tmp, name));
    }
    for (const id of readdirSync(this.#blobs)) {
      if (!isReferenced(id)) unlinkQuietly(path.join(this.#blobs, id));
    }
  }

  close(): void {
    closeSync(this.#blobsFd);
  }
}

/** Whether the process that named temp file `<pid>-<token>-<id>` still runs. */
function ownerIsAlive(name: string): boolean {
  const pid = Number(name.slice(0, name.indexOf("-")));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return name.startsWith(`${pid}-${PROCESS_TOKEN}-`);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone: another process swept it first.
  }
}
