import type { BlobDraft } from "../../storage/blob-draft.js";
import type { BlobFiles } from "../../storage/blob-files.js";
import type { KvReceivedValue } from "./storage.js";

/**
 * Values of at most this many bytes (64 KiB) are kept inline in SQLite, larger ones in blob files.
 * SQLite's own measurements ("Internal Versus External BLOBs", 4 KiB pages, our default) put the
 * read crossover between 50 and 100 KB: below it a row is faster than a file, above it a file is.
 * Inline values are also held whole in memory while they are received and are copied through the
 * WAL, which every writer sharing a group commit waits on; past 64 KiB a file of its own, streamed
 * in and out, costs less than that.
 */
const MAX_INLINE_VALUE_BYTES = 64 * 1024;

/** A value received for the SQLite backend: its bytes in memory, a blob draft, or neither once refused. */
export class ReceivedValue implements KvReceivedValue {
  readonly byteLength: number;
  /** The bytes, for a value small enough to keep inline. */
  readonly inline: Uint8Array | undefined;
  /** The blob file being written, for a larger value. */
  readonly draft: BlobDraft | undefined;

  protected constructor(byteLength: number, inline: Uint8Array | undefined, draft: BlobDraft | undefined) {
    this.byteLength = byteLength;
    this.inline = inline;
    this.draft = draft;
  }

  /**
   * Reads `chunks` to their end. Up to `MAX_INLINE_VALUE_BYTES` they are gathered in memory; past
   * that they are written to a blob draft as they arrive, the memory's worth first. Past `maxBytes`
   * the draft is dropped and the rest only counted.
   */
  static async receive(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, maxBytes: number, files: BlobFiles): Promise<ReceivedValue> {
    let gathered: Uint8Array[] = [];
    let size = 0;
    let draft: BlobDraft | undefined;
    let dropped: Promise<void> | undefined;
    try {
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          dropped ??= draft?.discard();
          draft = undefined;
          gathered = [];
        } else if (draft !== undefined) {
          await draft.write(chunk);
        } else if (size <= MAX_INLINE_VALUE_BYTES) {
          gathered.push(chunk);
        } else {
          draft = await files.draft();
          for (const earlier of gathered) await draft.write(earlier);
          gathered = [];
          await draft.write(chunk);
        }
      }
      await draft?.finish();
      await dropped;
    } catch (error) {
      await draft?.discard();
      throw error;
    }
    if (size > maxBytes || draft !== undefined) return new ReceivedValue(size, undefined, draft);
    return new ReceivedValue(size, gathered.length === 1 ? gathered[0]! : Buffer.concat(gathered, size), undefined);
  }

  async discard(): Promise<void> {
    await this.draft?.discard();
  }
}
