import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { CHECKSUM_HEADERS, checksumExpectation, RunningDigest, type ExpectedDigest } from "./body-digests.js";
import { S3Error } from "./s3-error.js";
import { EMPTY_SHA256, sha256Hex, sign, signaturesEqual } from "../../../aws-auth/index.js";

/** What each chunk's signature chains from: the request's seed signature and signing key. */
export interface ChunkSigning {
  signingKey: Buffer;
  timestamp: string;
  scope: string;
  seedSignature: string;
}

export interface AwsChunkedOptions {
  /** Verify `chunk-signature`s (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]). */
  signing?: ChunkSigning;
  /** The `x-amz-trailer` header: the checksum trailer to expect and verify. */
  trailer?: string;
  /** `x-amz-decoded-content-length`: the payload's length. */
  decodedLength?: number;
}

/** Bytes a chunk header or trailer line may take; longer means the body is not aws-chunked. */
const MAX_LINE_BYTES = 4096;

type State = "header" | "data" | "data-end" | "trailer" | "done";

/**
 * Decodes an `aws-chunked` body (`<hex size>[;chunk-signature=…]\r\n<bytes>\r\n…0…\r\n`, then
 * optional trailers) into its payload, checking chunk signatures, the trailer checksum and the
 * decoded length as bytes pass; any failure errors the stream so nothing is stored.
 */
export class AwsChunkedDecoder extends Transform {
  readonly #options: AwsChunkedOptions;
  readonly #trailerCheck: { digest: RunningDigest; header: string } | undefined;
  #state: State = "header";
  #line = "";
  #remaining = 0;
  #chunkSignature = "";
  #chunkHash: Hash | undefined;
  #previousSignature: string;
  #decoded = 0;
  readonly #trailers: string[] = [];

  constructor(options: AwsChunkedOptions) {
    super();
    this.#options = options;
    this.#previousSignature = options.signing?.seedSignature ?? "";
    const header = options.trailer?.trim().toLowerCase() ?? "";
    const algorithm = CHECKSUM_HEADERS[header];
    this.#trailerCheck = algorithm === undefined ? undefined : { digest: new RunningDigest(algorithm), header };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.#state !== "done") return callback(incomplete("the body ended inside a chunk"));
    const { decodedLength } = this.#options;
    if (decodedLength !== undefined && decodedLength !== this.#decoded) {
      return callback(incomplete(`x-amz-decoded-content-length is ${decodedLength} but the chunks hold ${this.#decoded} bytes`));
    }
    callback();
  }

  #consume(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#state === "data") {
        const take = Math.min(this.#remaining, chunk.length - at);
        const data = chunk.subarray(at, at + take);
        this.#chunkHash?.update(data);
        this.#trailerCheck?.digest.update(data);
        this.push(data);
        this.#decoded += take;
        this.#remaining -= take;
        at += take;
        if (this.#remaining === 0) this.#state = "data-end";
        continue;
      }
      if (this.#state === "done") throw incomplete("bytes follow the final chunk");
      const newline = chunk.indexOf(0x0a, at);
      const end = newline < 0 ? chunk.length : newline + 1;
      this.#line += chunk.toString("latin1", at, end);
      at = end;
      if (this.#line.length > MAX_LINE_BYTES) throw incomplete("a chunk header is too long");
      if (newline < 0) break;
      const line = this.#line.replace(/\r?\n$/, "");
      this.#line = "";
      this.#onLine(line);
    }
  }

  #onLine(line: string): void {
    if (this.#state === "data-end") {
      if (line !== "") throw incomplete("a chunk's data is longer than its size");
      this.#verifyChunk();
      this.#state = "header";
    } else if (this.#state === "header") {
      this.#onChunkHeader(line);
    } else if (line !== "") {
      this.#trailers.push(line);
    } else {
      this.#finishTrailers();
    }
  }

  #onChunkHeader(line: string): void {
    const match = /^([0-9a-fA-F]+)(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(line);
    if (match === null) throw incomplete(`"${line.slice(0, 80)}" is not a chunk header`);
    const size = parseInt(match[1]!, 16);
    if (this.#options.signing) {
      if (match[2] === undefined) throw new S3Error("SignatureDoesNotMatch", 403, "A chunk of a signed aws-chunked body has no chunk-signature.");
      this.#chunkSignature = match[2];
      this.#chunkHash = createHash("sha256");
    }
    if (size > 0) {
      this.#remaining = size;
      this.#state = "data";
      return;
    }
    this.#verifyChunk();
    this.#state = "trailer";
  }

  /** Checks the signature of the chunk just read; runs before the next chunk's header is taken. */
  #verifyChunk(): void {
    const signing = this.#options.signing;
    if (signing === undefined) return;
    const expected = sign(signing.signingKey, [
      "AWS4-HMAC-SHA256-PAYLOAD",
      signing.timestamp,
      signing.scope,
      this.#previousSignature,
      EMPTY_SHA256,
      this.#chunkHash!.digest("hex"),
    ]);
    if (!signaturesEqual(expected, this.#chunkSignature)) {
      throw new S3Error("SignatureDoesNotMatch", 403, "The signature of a chunk of the aws-chunked body does not match.");
    }
    this.#previousSignature = this.#chunkSignature;
  }

  #finishTrailers(): void {
    const fields = new Map<string, string>();
    for (const line of this.#trailers) {
      const colon = line.indexOf(":");
      if (colon <= 0) throw incomplete(`"${line.slice(0, 80)}" is not a trailer`);
      fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    this.#verifyTrailerSignature(fields);
    if (this.#trailerCheck) {
      const value = fields.get(this.#trailerCheck.header);
      if (value === undefined) throw incomplete(`the ${this.#trailerCheck.header} trailer named in x-amz-trailer is missing`);
      const expectation = checksumExpectation(this.#trailerCheck.header, value) as ExpectedDigest;
      if (!this.#trailerCheck.digest.digest().equals(expectation.expected)) throw expectation.mismatch();
    }
    this.#state = "done";
  }

  #verifyTrailerSignature(fields: Map<string, string>): void {
    const signing = this.#options.signing;
    const given = fields.get("x-amz-trailer-signature");
    if (signing === undefined || this.#options.trailer === undefined) return;
    if (given === undefined) throw new S3Error("SignatureDoesNotMatch", 403, "The aws-chunked body's trailers have no x-amz-trailer-signature.");
    const canonical = [...fields].filter(([name]) => name !== "x-amz-trailer-signature").map(([name, value]) => `${name}:${value}\n`).join("");
    const expected = sign(signing.signingKey, ["AWS4-HMAC-SHA256-TRAILER", signing.timestamp, signing.scope, this.#previousSignature, sha256Hex(canonical)]);
    if (!signaturesEqual(expected, given)) throw new S3Error("SignatureDoesNotMatch", 403, "The signature of the aws-chunked body's trailers does not match.");
  }
}

function incomplete(problem: string): S3Error {
  return new S3Error("IncompleteBody", 400, `The aws-chunked request body is malformed: ${problem}.`);
}
