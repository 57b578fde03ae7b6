import { randomBytes } from "node:crypto";
import { closeSync, createReadStream, mkdirSync, openSync, readSync } from "node:fs";
import { readdir, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { pipeline as pipelineCallback, Readable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { FILE_READ_BUFFERS, FileRangeReader } from "../../storage/file-range-reader.js";
import { SyncedFileWriter } from "../../storage/synced-file-writer.js";
import type { BlobSegment, BlobWriteOptions, R2BlobStore, WrittenBlob } from "./backend.js";
import { cipherReadStart, decryptBuffer, decryptingStream, encryptingStream, newBlobIv } from "./blob-cipher.js";
import { DigestingTransform } from "./digesting-transform.js";
import { DirectorySync } from "./directory-sync.js";

/** Pieces up to this size are read whole, synchronously, instead of streamed. */
const SMALL_READ_BYTES = 64 * 1024;
/** Bytes read from a blob file per chunk when streaming an encrypted one. */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

/** The part of one segment a read covers: `length` bytes from `start`. */
interface Piece {
  id: string;
  start: number;
  length: number;
  iv?: string;
}

/**
 * Blobs as files in `<dir>/blobs`, named by random ids. A write goes to `<dir>/tmp`, is fsynced,
 * renamed into place and the directory fsynced, so a blob either exists whole or not at all.
 * Deleting a blob that a read is streaming waits for the read to end. An SSE-C blob is stored
 * encrypted (blob-cipher.ts), its IV kept by the caller in the segment.
 */
export class FileBlobStore implements R2BlobStore {
  readonly #blobs: string;
  readonly #tmp: string;
  readonly #readers = new Map<string, number>();
  readonly #doomed = new Set<string>();
  readonly #blobsSync: DirectorySync;

  constructor(dir: string) {
    this.#blobs = path.join(dir, "blobs");
    this.#tmp = path.join(dir, "tmp");
    this.#blobsSync = new DirectorySync(this.#blobs);
    mkdirSync(this.#blobs, { recursive: true });
    mkdirSync(this.#tmp, { recursive: true });
  }

  async write(body: Readable, options: BlobWriteOptions): Promise<WrittenBlob> {
    const id = randomBytes(16).toString("hex");
    const temp = path.join(this.#tmp, id);
    const digesting = new DigestingTransform(options.algorithms, options.maxBytes);
    const iv = options.encryptionKey === undefined ? undefined : newBlobIv();
    const cipher = iv === undefined ? undefined : encryptingStream(options.encryptionKey!, iv);
    try {
      const file = new SyncedFileWriter(temp);
      if (cipher === undefined) await pipeline(body, digesting, file);
      else await pipeline(body, digesting, cipher, file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await rename(temp, path.join(this.#blobs, id));
    await this.#blobsSync.sync();
    const blob = { id, size: digesting.size, digests: digesting.digests() };
    return iv === undefined ? blob : { ...blob, iv: iv.toString("hex") };
  }

  read(segments: readonly BlobSegment[], offset: number, length: number, encryptionKey?: Buffer): Readable {
    const pieces = slice(segments, offset, length);
    const keyOf = (piece: Piece): Buffer => {
      // The store checks keys before reading; reaching here without one is a bug, not a user error.
      if (encryptionKey === undefined) throw new Error(`Blob ${piece.id} is encrypted and no SSE-C key was given to read it.`);
      return encryptionKey;
    };
    if (pieces.length === 1 && length <= SMALL_READ_BYTES) {
      const piece = pieces[0]!;
      return Readable.from([piece.iv === undefined ? this.#readNow(piece.id, piece.start, piece.length) : this.#decryptNow(piece, keyOf(piece))]);
    }
    for (const piece of pieces) this.#acquire(piece.id);
    const pending = new Set(pieces.map((_piece, index) => index));
    const release = (index: number): void => {
      if (pending.delete(index)) this.#release(pieces[index]!.id);
    };
    const stream = pieces.every((piece) => piece.iv === undefined)
      ? new FileRangeReader(pieces.map((piece) => ({ ...piece, path: path.join(this.#blobs, piece.id) })), FILE_READ_BUFFERS, release)
      : Readable.from(this.#decryptingChunks(pieces, keyOf, release), { objectMode: false });
    stream.once("close", () => pending.forEach(release));
    return stream;
  }

  /** The bytes of pieces of which some are encrypted, each decrypted as it is read. */
  async *#decryptingChunks(pieces: readonly Piece[], keyOf: (piece: Piece) => Buffer, release: (index: number) => void): AsyncGenerator<Buffer> {
    for (const [index, piece] of pieces.entries()) {
      const file = path.join(this.#blobs, piece.id);
      const end = piece.start + piece.length - 1;
      if (piece.iv === undefined) {
        yield* createReadStream(file, { start: piece.start, end, highWaterMark: READ_CHUNK_BYTES });
      } else {
        const ciphertext = createReadStream(file, { start: cipherReadStart(piece.start), end, highWaterMark: READ_CHUNK_BYTES });
        // pipeline() hands a read error on to the decipher, so iterating it throws.
        yield* pipelineTo(ciphertext, decryptingStream(keyOf(piece), Buffer.from(piece.iv, "hex"), piece.start));
      }
      release(index);
    }
  }

  delete(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.#readers.has(id)) this.#doomed.add(id);
      else void unlink(path.join(this.#blobs, id)).catch(() => undefined);
    }
  }

  async sweep(isReferenced: (id: string) => boolean): Promise<void> {
    for (const name of await readdir(this.#tmp)) await unlink(path.join(this.#tmp, name)).catch(() => undefined);
    for (const name of await readdir(this.#blobs)) {
      if (!isReferenced(name)) await unlink(path.join(this.#blobs, name)).catch(() => undefined);
    }
  }

  /** Reads a small piece at once: cheaper than a stream's round trips through the thread pool. */
  #readNow(id: string, start: number, length: number): Buffer {
    const fd = openSync(path.join(this.#blobs, id), "r");
    try {
      const buffer = Buffer.allocUnsafe(length);
      let read = 0;
      while (read < length) {
        const count = readSync(fd, buffer, read, length - read, start + read);
        if (count === 0) break;
        read += count;
      }
      return buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }

  #decryptNow(piece: Piece, key: Buffer): Buffer {
    const from = cipherReadStart(piece.start);
    return decryptBuffer(key, Buffer.from(piece.iv!, "hex"), piece.start, this.#readNow(piece.id, from, piece.start + piece.length - from));
  }

  #acquire(id: string): void {
    this.#readers.set(id, (this.#readers.get(id) ?? 0) + 1);
  }

  #release(id: string): void {
    const readers = (this.#readers.get(id) ?? 1) - 1;
    if (readers > 0) {
      this.#readers.set(id, readers);
      return;
    }
    this.#readers.delete(id);
    if (this.#doomed.delete(id)) this.delete([id]);
  }
}

/** The part of each segment that `[offset, offset + length)` covers, in order. */
function slice(segments: readonly BlobSegment[], offset: number, length: number): Piece[] {
  const pieces: Piece[] = [];
  let position = 0;
  const end = offset + length;
  for (const segment of segments) {
    const from = Math.max(offset, position);
    const to = Math.min(end, position + segment.size);
    if (to > from) pieces.push({ id: segment.id, start: from - position, length: to - from, ...(segment.iv !== undefined && { iv: segment.iv }) });
    position += segment.size;
  }
  return pieces;
}

/** `source` piped into `transform`, errors included; the transform to read from. */
function pipelineTo(source: Readable, transform: Transform): Transform {
  return pipelineCallback(source, transform, () => undefined);
}
