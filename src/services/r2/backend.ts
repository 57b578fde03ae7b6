import type { Readable } from "node:stream";
import type { R2Checksums, R2HashAlgorithm, R2HttpMetadata, R2ObjectInfo, R2StorageClass } from "./object-info.js";

/** One stretch of an object's bytes: a whole blob. A multipart object has one per part. */
export interface BlobSegment {
  id: string;
  size: number;
  /** Hex IV of a blob kept encrypted under an SSE-C key (see blob-cipher.ts); absent for plain bytes. */
  iv?: string;
}

export interface WrittenBlob extends BlobSegment {
  /** Hex digests of the bytes, for the algorithms asked for. */
  digests: R2Checksums;
}

export interface BlobWriteOptions {
  /** Digests to compute while the bytes stream. */
  algorithms: readonly R2HashAlgorithm[];
  /** Refuse the write (EntityTooLarge) once past this many bytes. */
  maxBytes: number;
  /** Keep the bytes encrypted under this SSE-C key; digests are still those of the plaintext. */
  encryptionKey?: Buffer;
}

/**
 * Where object bytes live, named by ids the store generates (never by key). A resolved `write`
 * is durable; a write that fails or is interrupted leaves nothing `sweep` would not remove.
 */
export interface R2BlobStore {
  /** Streams `body` into a new blob. */
  write(body: Readable, options: BlobWriteOptions): Promise<WrittenBlob>;
  /** The bytes `[offset, offset + length)` of the segments laid end to end, decrypted with `encryptionKey` where encrypted. */
  read(segments: readonly BlobSegment[], offset: number, length: number, encryptionKey?: Buffer): Readable;
  /** Removes blobs; one still being read goes once its readers finish. */
  delete(ids: readonly string[]): void;
  /** Removes every blob `isReferenced` disowns and every unfinished write. */
  sweep(isReferenced: (id: string) => boolean): Promise<void>;
}

/** An object's info and where its bytes are. */
export interface StoredObject extends R2ObjectInfo {
  segments: BlobSegment[];
}

/** What callers may see of a stored object: all but where its bytes are. */
export function objectInfo(object: StoredObject): R2ObjectInfo {
  const { segments: _segments, ...info } = object;
  return info;
}

export interface BucketRecord {
  name: string;
  created: Date;
}

export type UploadState = "open" | "completed" | "aborted";

export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: Date;
  httpMetadata: R2HttpMetadata;
  customMetadata: Record<string, string>;
  storageClass: R2StorageClass;
  /** Base64 MD5 of the SSE-C key the upload was created with; its parts need the same key. */
  ssecKeyMd5?: string;
  state: UploadState;
}

export interface PartRecord extends BlobSegment {
  partNumber: number;
  /** The part's MD5, hex. */
  etag: string;
  uploaded: Date;
}

/** Where a `list` starts: after `key`, or (for a skipped delimited prefix) at `key`. */
export interface ListStart {
  key: string;
  inclusive: boolean;
}

/** The outcome of a conditional write: whether it happened, and the blobs it orphaned. */
export interface WriteOutcome {
  written: boolean;
  orphaned: BlobSegment[];
}

/**
 * Buckets, object records, uploads and parts. Each mutation is one transaction that is durable
 * when its promise resolves; preconditions are decided inside it, so they cannot race.
 * A Postgres backend implements the same contract.
 */
export interface R2MetadataStore {
  buckets(): BucketRecord[];
  bucket(name: string): BucketRecord | undefined;
  /** `false` if the bucket exists already. */
  createBucket(name: string, created: Date): boolean;
  /** Refuses with BucketNotEmpty or NoSuchBucket; aborts the bucket's open uploads, orphaning their parts. */
  deleteBucket(name: string): BlobSegment[];
  /** The JSON stored under `setting` of a bucket (CORS rules, notification rules), or `null`. */
  bucketSetting(name: string, setting: BucketSetting): string | null;
  setBucketSetting(name: string, setting: BucketSetting, json: string | null): void;

  object(bucket: string, key: string): StoredObject | undefined;
  /** Writes `object` if `allow` approves the current object at commit time. */
  putObject(object: StoredObject & { bucket: string }, allow: (current: StoredObject | undefined) => boolean): Promise<WriteOutcome>;
  /** Deletes the keys that exist; returns them and their blobs. */
  deleteObjects(bucket: string, keys: readonly string[]): Promise<{ deleted: string[]; orphaned: BlobSegment[] }>;
  /** Objects in key order (UTF-8 bytes) starting with `prefix`, from `start`. */
  listObjects(bucket: string, prefix: string, start: ListStart | undefined, limit: number): StoredObject[];

  createUpload(upload: UploadRecord): void;
  upload(uploadId: string): UploadRecord | undefined;
  /** Records a part of an open upload (NoSuchUpload otherwise); orphans a part it replaces. */
  putPart(uploadId: string, part: PartRecord): Promise<WriteOutcome>;
  parts(uploadId: string): PartRecord[];
  /** Turns an open upload into `object` made of the given parts; its other parts are orphaned. */
  completeUpload(uploadId: string, object: StoredObject & { bucket: string }): Promise<WriteOutcome>;
  /** Marks an open upload aborted, orphaning its parts; a finished one is left as it is. */
  abortUpload(uploadId: string): Promise<BlobSegment[]>;
  /** Open uploads of a bucket in (key, uploadId) order after the markers. */
  openUploads(bucket: string, prefix: string, after: { key: string; uploadId: string } | undefined, limit: number): UploadRecord[];

  /**
   * Records process `pid` as a user of the store and forgets users that `isAlive` says are gone;
   * `true` when no other live process uses it, so unfinished writes may be swept.
   */
  attach(pid: number, isAlive: (pid: number) => boolean): boolean;
  detach(pid: number): void;
  /** Every blob id an object or a part refers to. */
  referencedBlobs(): Set<string>;
  close(): void;
}

export type BucketSetting = "cors" | "notifications";
