/**
 * Equal-sized buffers lent out and taken back, so that streaming a large file does not allocate a
 * fresh buffer per chunk: each such allocation is memory outside V8's heap, and enough of it
 * triggers a full garbage collection every few dozen megabytes.
 */
export class BufferPool {
  readonly bufferBytes: number;
  readonly #maxIdle: number;
  readonly #idle: Buffer[] = [];
  readonly #lent = new WeakSet<ArrayBufferLike>();

  constructor(bufferBytes: number, maxIdle: number) {
    this.bufferBytes = bufferBytes;
    this.#maxIdle = maxIdle;
  }

  /** A buffer the caller owns until it gives it back. */
  take(): Buffer {
    const buffer = this.#idle.pop() ?? Buffer.allocUnsafeSlow(this.bufferBytes);
    this.#lent.add(buffer.buffer);
    return buffer;
  }

  /** Takes back the buffer under `chunk` (a buffer `take` lent, or a view of one); anything else is ignored. */
  give(chunk: Uint8Array): void {
    if (!this.#lent.delete(chunk.buffer)) return;
    if (this.#idle.length < this.#maxIdle) this.#idle.push(Buffer.from(chunk.buffer, 0, this.bufferBytes));
  }
}
