import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/**
 * How SSE-C objects are kept at rest: each blob is AES-256 in CTR mode under the customer's key
 * with a random 16-byte IV of its own. CTR is a stream cipher, so ciphertext has the plaintext's
 * length and any byte can be decrypted without reading what comes before it: ranges stay cheap.
 */
const ALGORITHM = "aes-256-ctr";
/** Bytes of an AES block, which is also how far one step of the CTR counter reaches. */
const BLOCK_BYTES = 16;

export function newBlobIv(): Buffer {
  return randomBytes(BLOCK_BYTES);
}

export function encryptingStream(key: Buffer, iv: Buffer): Transform {
  return createCipheriv(ALGORITHM, key, iv);
}

/** Where to start reading a blob's ciphertext to decrypt its bytes from `start` on: the block holding `start`. */
export function cipherReadStart(start: number): number {
  return start - (start % BLOCK_BYTES);
}

/** Decrypts ciphertext read from `cipherReadStart(start)` on, dropping the plaintext before `start`. */
export function decryptingStream(key: Buffer, iv: Buffer, start: number): Transform {
  return new BlockDecipher(key, iv, start);
}

/** Decrypts ciphertext read from `cipherReadStart(start)` at once (small reads). */
export function decryptBuffer(key: Buffer, iv: Buffer, start: number, ciphertext: Buffer): Buffer {
  return decipherAt(key, iv, start).update(ciphertext).subarray(start % BLOCK_BYTES);
}

/**
 * The CTR counter block `blocks` blocks past `iv`. OpenSSL counts with the whole 16-byte block as
 * one big-endian number that wraps, so the offset is added the same way.
 */
export function counterAt(iv: Buffer, blocks: number): Buffer {
  const counter = (BigInt(`0x${iv.toString("hex")}`) + BigInt(blocks)) % (1n << 128n);
  return Buffer.from(counter.toString(16).padStart(BLOCK_BYTES * 2, "0"), "hex");
}

function decipherAt(key: Buffer, iv: Buffer, start: number) {
  return createDecipheriv(ALGORITHM, key, counterAt(iv, Math.floor(start / BLOCK_BYTES)));
}

class BlockDecipher extends Transform {
  readonly #decipher;
  #skip: number;

  constructor(key: Buffer, iv: Buffer, start: number) {
    super();
    this.#decipher = decipherAt(key, iv, start);
    this.#skip = start % BLOCK_BYTES;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let plaintext = this.#decipher.update(chunk);
    if (this.#skip > 0) {
      const dropped = Math.min(this.#skip, plaintext.length);
      plaintext = plaintext.subarray(dropped);
      this.#skip -= dropped;
    }
    callback(null, plaintext);
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.#decipher.final());
  }
}
