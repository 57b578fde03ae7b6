import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { DIGEST_THREAD, type DigestJob } from "../../storage/digest-thread.js";
import { R2Error } from "./errors.js";
import type { R2Checksums, R2HashAlgorithm } from "./object-info.js";

/**
 * Bytes gathered before they are hashed. A body no longer than this is hashed on the event loop
 * when it ends; a longer one is hashed on the digest thread, a batch of this size at a time.
 */
const DIGEST_BATCH_BYTES = 1024 * 1024;

/** Counts and digests the bytes passing through, refusing more than `maxBytes`. */
export class DigestingTransform extends Transform {
  size = 0;
  readonly #algorithms: readonly R2HashAlgorithm[];
  readonly #maxBytes: number;
  #batch: Buffer[] = [];
  #batchBytes = 0;
  #job: DigestJob | undefined;
  #digests: R2Checksums | undefined;

  constructor(algorithms: readonly R2HashAlgorithm[], maxBytes: number) {
    super();
    this.#algorithms = algorithms;
    this.#maxBytes = maxBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.#maxBytes) return callback(new R2Error("EntityTooLarge"));
    this.#batch.push(chunk);
    this.#batchBytes += chunk.length;
    const caughtUp = this.#batchBytes >= DIGEST_BATCH_BYTES ? this.#sendBatch() : undefined;
    if (caughtUp === undefined) callback(null, chunk);
    else void caughtUp.then(() => callback(null, chunk));
  }

  override _flush(callback: TransformCallback): void {
    if (this.#job === undefined) {
      this.#digests = this.#named(this.#algorithms.map((algorithm) => this.#batch.reduce((hash, chunk) => hash.update(chunk), createHash(algorithm)).digest("hex")));
      return callback();
    }
    this.#sendBatch();
    const job = this.#job;
    this.#job = undefined;
    job.finish().then((digests) => {
      this.#digests = this.#named(digests);
      callback();
    }, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#job?.cancel();
    callback(error);
  }

  /** The digests of every byte, once the stream has ended. */
  digests(): R2Checksums {
    return this.#digests!;
  }

  /** Hands the gathered bytes to the digest thread; a promise when the thread has fallen behind. */
  #sendBatch(): Promise<void> | undefined {
    if (this.#batchBytes === 0) return undefined;
    this.#job ??= DIGEST_THREAD.start(this.#algorithms);
    const caughtUp = this.#job.update(this.#batch);
    this.#batch = [];
    this.#batchBytes = 0;
    return caughtUp;
  }

  #named(digests: readonly string[]): R2Checksums {
    return Object.fromEntries(this.#algorithms.map((algorithm, index) => [algorithm, digests[index]!]));
  }
}
