import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { describe, it } from "node:test";
import { cipherReadStart, counterAt, decryptBuffer, decryptingStream, encryptingStream } from "./blob-cipher.js";

const key = randomBytes(32);

async function encrypt(plaintext: Buffer, iv: Buffer): Promise<Buffer> {
  return buffer(Readable.from([plaintext]).pipe(encryptingStream(key, iv)));
}

describe("blob cipher", () => {
  it("blob cipher: ciphertext has the plaintext's length and does not contain it", async () => {
    const plaintext = Buffer.from("attack at dawn ".repeat(20));
    const ciphertext = await encrypt(plaintext, randomBytes(16));
    assert.equal(ciphertext.length, plaintext.length);
    assert.ok(!ciphertext.includes(Buffer.from("attack at dawn")));
  });

  it("blob cipher: any stretch decrypts on its own, streamed in odd chunks or at once", async () => {
    const plaintext = randomBytes(1000);
    const iv = randomBytes(16);
    const ciphertext = await encrypt(plaintext, iv);
    for (const [start, end] of [[0, 1000], [1, 2], [15, 17], [16, 48], [17, 999], [999, 1000], [500, 1000]] as const) {
      const from = cipherReadStart(start);
      const chunks = [];
      for (let at = from; at < end; at += 7) chunks.push(ciphertext.subarray(at, Math.min(at + 7, end)));
      const streamed = await buffer(Readable.from(chunks).pipe(decryptingStream(key, iv, start)));
      assert.deepEqual(streamed, plaintext.subarray(start, end), `streamed ${start}..${end}`);
      assert.deepEqual(decryptBuffer(key, iv, start, ciphertext.subarray(from, end)), plaintext.subarray(start, end), `at once ${start}..${end}`);
    }
  });

  it("blob cipher: the counter carries across the whole 16-byte block and wraps, as OpenSSL's does", async () => {
    assert.equal(counterAt(Buffer.alloc(16, 0xff), 1).toString("hex"), "00".repeat(16));
    assert.equal(counterAt(Buffer.from(`${"00".repeat(8)}${"ff".repeat(8)}`, "hex"), 2).toString("hex"), `${"00".repeat(7)}01${"00".repeat(7)}01`);
    const iv = Buffer.from(`${"ab".repeat(8)}${"ff".repeat(7)}fe`, "hex");
    const plaintext = randomBytes(100);
    const ciphertext = await encrypt(plaintext, iv);
    assert.deepEqual(decryptBuffer(key, iv, 64, ciphertext.subarray(64)), plaintext.subarray(64));
  });
});
