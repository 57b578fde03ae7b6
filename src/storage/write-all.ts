import type { FileHandle } from "node:fs/promises";

/** Writes every byte of `chunks` at the file's position, however many calls the kernel needs. */
export async function writeAll(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<number> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  for (let written = 0; written < total; ) {
    const { bytesWritten } = await handle.writev(remaining(chunks, written));
    written += bytesWritten;
  }
  return total;
}

/** The bytes of `chunks` after the first `offset`, for a write that stopped part way. */
function remaining(chunks: readonly Uint8Array[], offset: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  for (const chunk of chunks) {
    if (offset >= chunk.byteLength) offset -= chunk.byteLength;
    else {
      rest.push(offset === 0 ? chunk : chunk.subarray(offset));
      offset = 0;
    }
  }
  return rest;
}
