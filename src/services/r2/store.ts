import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Readable } from "node:stream";
import { objectInfo, type R2BlobStore, type R2MetadataStore, type StoredObject } from "./backend.js";
import { conditionsHold } from "./conditions.js";
import { R2Error } from "./errors.js";
import type { R2Event, R2EventListener } from "./events.js";
import { FileBlobStore } from "./file-blob-store.js";
import { checkBucketName, checkCustomMetadata, checkKey, MAX_PUT_BYTES } from "./limits.js";
import { listObjects } from "./listing.js";
import { withRule, type R2NotificationRule } from "./notification-rules.js";
import {
  MultipartUploads,
  type R2ListPartsResult,
  type R2ListUploadsOptions,
  type R2ListUploadsResult,
  type R2MultipartOptions,
  type R2UploadedPart,
} from "./multipart.js";
import type {
  R2CopyOptions,
  R2GetOptions,
  R2GetResult,
  R2HashAlgorithm,
  R2ListOptions,
  R2ListResult,
  R2ObjectInfo,
  R2PutOptions,
} from "./object-info.js";
import { resolveRange } from "./range.js";
import { SqliteR2Metadata } from "./sqlite-metadata.js";
import { checkSsecRead, type SsecKey } from "./ssec.js";

export interface Clock {
  now(): number;
}

export interface R2StoreOptions {
  /** @default Date */
  clock?: Clock;
}

const HASH_NAMES: Record<R2HashAlgorithm, string> = { md5: "MD5", sha1: "SHA-1", sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Every R2 bucket of one persistence directory: metadata in `<persist>/r2/r2.sqlite`, bytes as
 * files under `<persist>/r2/blobs`. The binding service and the S3 API both go through it, so
 * both see the same objects and both raise event notifications.
 */
export class R2Store {
  readonly #metadata: R2MetadataStore;
  readonly #blobs: R2BlobStore;
  readonly #clock: Clock;
  readonly #multipart: MultipartUploads;
  #listener: R2EventListener | undefined;

  protected constructor(metadata: R2MetadataStore, blobs: R2BlobStore, clock: Clock) {
    this.#metadata = metadata;
    this.#blobs = blobs;
    this.#clock = clock;
    this.#multipart = new MultipartUploads(metadata, blobs, () => clock.now(), (event) => this.#emit(event));
  }

  /** Opens the embedded store, removing what writes interrupted by a crash left behind. */
  static async open(persistTo: string, options: R2StoreOptions = {}): Promise<R2Store> {
    const dir = path.join(persistTo, "r2");
    const metadata = new SqliteR2Metadata(path.join(dir, "r2.sqlite"));
    const blobs = new FileBlobStore(dir);
    if (metadata.attach(process.pid, isAlive)) {
      const referenced = metadata.referencedBlobs();
      await blobs.sweep((id) => referenced.has(id));
    }
    return new R2Store(metadata, blobs, options.clock ?? Date);
  }

  close(): void {
    this.#metadata.detach(process.pid);
    this.#metadata.close();
  }

  /** Lets one listener see each completed mutation (replacing any earlier one). */
  onEvent(listener: R2EventListener): void {
    this.#listener = listener;
  }

  createBucket(name: string): void {
    checkBucketName(name);
    if (!this.#metadata.createBucket(name, new Date(this.#clock.now()))) throw new R2Error("BucketAlreadyExists");
  }

  /** Creates the bucket unless it exists (buckets named in the config). */
  ensureBucket(name: string): void {
    if (!this.hasBucket(name)) this.createBucket(name);
  }

  /** Deletes an empty bucket, aborting its uploads in progress. */
  deleteBucket(name: string): void {
    this.#blobs.delete(this.#metadata.deleteBucket(name).map((segment) => segment.id));
  }

  listBuckets(): { name: string; creationDate: Date }[] {
    return this.#metadata.buckets().map((bucket) => ({ name: bucket.name, creationDate: bucket.created }));
  }

  hasBucket(name: string): boolean {
    return this.#metadata.bucket(name) !== undefined;
  }

  getBucketCors(bucket: string): unknown | null {
    const json = this.#metadata.bucketSetting(bucket, "cors");
    return json === null ? null : (JSON.parse(json) as unknown);
  }

  putBucketCors(bucket: string, rules: unknown): void {
    this.#metadata.setBucketSetting(bucket, "cors", JSON.stringify(rules));
  }

  deleteBucketCors(bucket: string): void {
    this.#metadata.setBucketSetting(bucket, "cors", null);
  }

  notificationRules(bucket: string): R2NotificationRule[] {
    const json = this.#metadata.bucketSetting(bucket, "notifications");
    return json === null ? [] : (JSON.parse(json) as R2NotificationRule[]);
  }

  addNotificationRule(bucket: string, rule: R2NotificationRule): void {
    this.#metadata.setBucketSetting(bucket, "notifications", JSON.stringify(withRule(this.notificationRules(bucket), rule)));
  }

  /** Deletes the bucket's rules for `queue`; returns how many there were. */
  deleteNotificationRules(bucket: string, queue: string): number {
    const rules = this.notificationRules(bucket);
    const kept = rules.filter((rule) => rule.queue !== queue);
    this.#metadata.setBucketSetting(bucket, "notifications", JSON.stringify(kept));
    return rules.length - kept.length;
  }

  async head(bucket: string, key: string): Promise<R2ObjectInfo | null> {
    const object = this.#find(bucket, key);
    return object === undefined ? null : objectInfo(object);
  }

  async get(bucket: string, key: string, options: R2GetOptions = {}): Promise<R2GetResult | null> {
    const object = this.#find(bucket, key);
    if (object === undefined) return null;
    checkSsecRead(object.ssecKeyMd5, options.ssecKey);
    const info = objectInfo(object);
    if (!conditionsHold(options.onlyIf, object)) return { object: info, body: null };
    const range = options.range === undefined ? undefined : resolveRange(options.range, object.size);
    const body = this.#blobs.read(object.segments, range?.offset ?? 0, range?.length ?? object.size, options.ssecKey?.bytes);
    return range === undefined ? { object: info, body } : { object: info, body, range };
  }

  /** Stores `body` under `key`; `null` (with the body drained) when `onlyIf` fails. */
  async put(bucket: string, key: string, body: Readable, options: R2PutOptions = {}): Promise<R2ObjectInfo | null> {
    const object = await this.#store(bucket, key, body, options);
    if (object === null) return null;
    this.#emit({ action: "PutObject", bucket, object: { key, size: object.size, eTag: object.etag } });
    return object;
  }

  async #store(bucket: string, key: string, body: Readable, options: R2PutOptions): Promise<R2ObjectInfo | null> {
    checkKey(key);
    checkCustomMetadata(options.customMetadata);
    if (options.size !== undefined && options.size > MAX_PUT_BYTES) throw new R2Error("EntityTooLarge");
    const current = this.#find(bucket, key);
    if (!conditionsHold(options.onlyIf, current ?? null)) {
      body.resume();
      return null;
    }
    const given = options.checksums ?? {};
    const algorithms = [...new Set<R2HashAlgorithm>(["md5", ...(Object.keys(given) as R2HashAlgorithm[])])];
    const blob = await this.#blobs.write(body, { algorithms, maxBytes: MAX_PUT_BYTES, encryptionKey: options.ssecKey?.bytes });
    for (const algorithm of algorithms) {
      const expected = given[algorithm]?.toLowerCase();
      const actual = blob.digests[algorithm]!;
      if (expected !== undefined && expected !== actual) {
        this.#blobs.delete([blob.id]);
        const name = HASH_NAMES[algorithm];
        throw new R2Error(
          "BadDigest",
          `The ${name} checksum you specified did not match what we received.\nYou provided a ${name} checksum with value: ${expected}\nActual ${name} was: ${actual}`,
        );
      }
    }
    const object: StoredObject = {
      key,
      version: randomBytes(16).toString("hex"),
      size: blob.size,
      etag: blob.digests.md5!,
      uploaded: new Date(this.#clock.now()),
      httpMetadata: options.httpMetadata ?? {},
      customMetadata: options.customMetadata ?? {},
      checksums: blob.digests,
      storageClass: options.storageClass ?? "Standard",
      segments: [blob.iv === undefined ? { id: blob.id, size: blob.size } : { id: blob.id, size: blob.size, iv: blob.iv }],
      ...(options.ssecKey !== undefined && { ssecKeyMd5: options.ssecKey.md5 }),
    };
    const outcome = await this.#metadata.putObject({ ...object, bucket }, (now) => conditionsHold(options.onlyIf, now ?? null));
    this.#blobs.delete((outcome.written ? outcome.orphaned : object.segments).map((segment) => segment.id));
    return outcome.written ? objectInfo(object) : null;
  }

  /** Copies an object (streaming its bytes into a new blob); `null` when `onlyIf` fails on the source. */
  async copy(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, options: R2CopyOptions = {}): Promise<R2ObjectInfo | null> {
    checkKey(dstKey);
    const source = await this.get(srcBucket, srcKey, { onlyIf: options.onlyIf, ssecKey: options.sourceSsecKey });
    if (source === null) throw new R2Error("NoSuchKey");
    if (source.body === null) return null;
    const { object, body } = source;
    let copied: R2ObjectInfo | null;
    try {
      copied = await this.#store(dstBucket, dstKey, body, {
        httpMetadata: options.httpMetadata ?? object.httpMetadata,
        customMetadata: options.customMetadata ?? object.customMetadata,
        storageClass: object.storageClass,
        ssecKey: options.ssecKey,
      });
    } finally {
      // A destination refused before it read the source leaves the source's read open, which would
      // hold back the removal of its blob files until restart.
      body.destroy();
    }
    if (copied !== null) {
      this.#emit({ action: "CopyObject", bucket: dstBucket, object: { key: dstKey, size: copied.size, eTag: copied.etag }, copySource: { bucket: srcBucket, object: srcKey } });
    }
    return copied;
  }

  async delete(bucket: string, keys: string[]): Promise<void> {
    keys.forEach(checkKey);
    this.#requireBucket(bucket);
    const { deleted, orphaned } = await this.#metadata.deleteObjects(bucket, keys);
    this.#blobs.delete(orphaned.map((segment) => segment.id));
    for (const key of deleted) this.#emit({ action: "DeleteObject", bucket, object: { key } });
  }

  async list(bucket: string, options: R2ListOptions = {}): Promise<R2ListResult> {
    this.#requireBucket(bucket);
    return listObjects(this.#metadata, bucket, options);
  }

  async createMultipartUpload(bucket: string, key: string, options: R2MultipartOptions = {}): Promise<{ uploadId: string }> {
    return this.#multipart.create(bucket, key, options);
  }

  /** Stores one part (1..10000); uploading a part number again replaces the part. An SSE-C upload's parts need its key. */
  async uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
    options: { size?: number; ssecKey?: SsecKey } = {},
  ): Promise<R2UploadedPart> {
    return this.#multipart.uploadPart(bucket, key, uploadId, partNumber, body, options.ssecKey);
  }

  async completeMultipartUpload(bucket: string, key: string, uploadId: string, parts: R2UploadedPart[]): Promise<R2ObjectInfo> {
    return this.#multipart.complete(bucket, key, uploadId, parts);
  }

  async abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    return this.#multipart.abort(bucket, key, uploadId);
  }

  async listParts(bucket: string, key: string, uploadId: string, options: { maxParts?: number; partNumberMarker?: number } = {}): Promise<R2ListPartsResult> {
    return this.#multipart.listParts(bucket, key, uploadId, options);
  }

  async listMultipartUploads(bucket: string, options: R2ListUploadsOptions = {}): Promise<R2ListUploadsResult> {
    return this.#multipart.listUploads(bucket, options);
  }

  #find(bucket: string, key: string): StoredObject | undefined {
    checkKey(key);
    const object = this.#metadata.object(bucket, key);
    if (object === undefined) this.#requireBucket(bucket);
    return object;
  }

  #requireBucket(bucket: string): void {
    if (!this.hasBucket(bucket)) throw new R2Error("NoSuchBucket");
  }

  #emit(event: R2Event): void {
    this.#listener?.(event);
  }
}
