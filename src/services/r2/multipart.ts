import { createHash, randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { objectInfo, type PartRecord, type R2BlobStore, type R2MetadataStore, type StoredObject, type UploadRecord } from "./backend.js";
import { R2Error } from "./errors.js";
import type { R2Event } from "./events.js";
import { checkCustomMetadata, checkKey, MAX_PART_NUMBER, MAX_PUT_BYTES, MIN_PART_BYTES } from "./limits.js";
import { prefixSuccessor } from "./listing.js";
import type { R2HttpMetadata, R2ObjectInfo, R2StorageClass } from "./object-info.js";
import { checkSsecPart, type SsecKey } from "./ssec.js";

export interface R2MultipartOptions {
  httpMetadata?: R2HttpMetadata;
  customMetadata?: Record<string, string>;
  storageClass?: R2StorageClass;
  /** Encrypt the object under this SSE-C key; every part must then be sent with it. */
  ssecKey?: SsecKey;
}

export interface R2UploadedPart {
  partNumber: number;
  etag: string;
}

export interface R2ListPartsResult {
  parts: { partNumber: number; etag: string; size: number; uploaded: Date }[];
  truncated: boolean;
  nextPartNumberMarker?: number;
}

export interface R2ListUploadsOptions {
  prefix?: string;
  delimiter?: string;
  keyMarker?: string;
  uploadIdMarker?: string;
  /** @default 1000 */
  maxUploads?: number;
}

export interface R2ListUploadsResult {
  uploads: { key: string; uploadId: string; initiated: Date }[];
  truncated: boolean;
  commonPrefixes: string[];
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
}

/** Parts or uploads one listing page returns by default. */
const DEFAULT_PAGE = 1000;

/** `md5(part md5s)-N`, the etag S3 and R2 give a multipart object. */
function multipartEtag(parts: readonly PartRecord[]): string {
  const hash = createHash("md5");
  for (const part of parts) hash.update(Buffer.from(part.etag, "hex"));
  return `${hash.digest("hex")}-${parts.length}`;
}

/**
 * Multipart uploads. Parts are blobs of their own; completing an upload makes them the new
 * object's segments in part order, so nothing is copied and memory stays flat.
 */
export class MultipartUploads {
  readonly #metadata: R2MetadataStore;
  readonly #blobs: R2BlobStore;
  readonly #now: () => number;
  readonly #emit: (event: R2Event) => void;

  constructor(metadata: R2MetadataStore, blobs: R2BlobStore, now: () => number, emit: (event: R2Event) => void) {
    this.#metadata = metadata;
    this.#blobs = blobs;
    this.#now = now;
    this.#emit = emit;
  }

  create(bucket: string, key: string, options: R2MultipartOptions): { uploadId: string } {
    checkKey(key);
    checkCustomMetadata(options.customMetadata);
    if (this.#metadata.bucket(bucket) === undefined) throw new R2Error("NoSuchBucket");
    const uploadId = randomBytes(24).toString("base64url");
    this.#metadata.createUpload({
      uploadId,
      bucket,
      key,
      initiated: new Date(this.#now()),
      httpMetadata: options.httpMetadata ?? {},
      customMetadata: options.customMetadata ?? {},
      storageClass: options.storageClass ?? "Standard",
      state: "open",
      ...(options.ssecKey !== undefined && { ssecKeyMd5: options.ssecKey.md5 }),
    });
    return { uploadId };
  }

  async uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Readable, ssecKey?: SsecKey): Promise<R2UploadedPart> {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw new R2Error("InvalidArgument", `Part number must be an integer between 1 and ${MAX_PART_NUMBER}.`);
    }
    const upload = this.#openUpload(bucket, key, uploadId);
    checkSsecPart(upload.ssecKeyMd5, ssecKey);
    const blob = await this.#blobs.write(body, { algorithms: ["md5"], maxBytes: MAX_PUT_BYTES, encryptionKey: ssecKey?.bytes });
    const part: PartRecord = { partNumber, id: blob.id, size: blob.size, etag: blob.digests.md5!, uploaded: new Date(this.#now()), ...(blob.iv !== undefined && { iv: blob.iv }) };
    const outcome = await this.#metadata.putPart(uploadId, part);
    this.#blobs.delete((outcome.written ? outcome.orphaned : [blob]).map((segment) => segment.id));
    if (!outcome.written) throw new R2Error("NoSuchUpload");
    return { partNumber, etag: part.etag };
  }

  async complete(bucket: string, key: string, uploadId: string, selected: readonly R2UploadedPart[]): Promise<R2ObjectInfo> {
    const upload = this.#openUpload(bucket, key, uploadId);
    const uploaded = new Map(this.#metadata.parts(uploadId).map((part) => [part.partNumber, part]));
    const numbers = new Set<number>();
    const parts = selected.map(({ partNumber, etag }) => {
      const part = uploaded.get(partNumber);
      if (part === undefined || part.etag !== etag.replace(/^"|"$/g, "") || numbers.has(partNumber)) throw new R2Error("InvalidPart");
      numbers.add(partNumber);
      return part;
    });
    if (parts.length === 0) throw new R2Error("InvalidPart");
    if (parts.slice(0, -1).some((part) => part.size < MIN_PART_BYTES)) throw new R2Error("EntityTooSmall");
    parts.sort((a, b) => a.partNumber - b.partNumber);
    const partSize = parts[0]?.size ?? 0;
    if (parts.some((part, index) => (index < parts.length - 1 ? part.size !== partSize : part.size > partSize))) throw new R2Error("BadUpload");
    const object: StoredObject = {
      key,
      version: randomBytes(16).toString("hex"),
      size: parts.reduce((total, part) => total + part.size, 0),
      etag: multipartEtag(parts),
      uploaded: new Date(this.#now()),
      httpMetadata: upload.httpMetadata,
      customMetadata: upload.customMetadata,
      checksums: {},
      storageClass: upload.storageClass,
      segments: parts.map(({ id, size, iv }) => (iv === undefined ? { id, size } : { id, size, iv })),
      ...(upload.ssecKeyMd5 !== undefined && { ssecKeyMd5: upload.ssecKeyMd5 }),
    };
    const outcome = await this.#metadata.completeUpload(uploadId, { ...object, bucket });
    this.#blobs.delete(outcome.orphaned.map((segment) => segment.id));
    this.#emit({ action: "CompleteMultipartUpload", bucket, object: { key, size: object.size, eTag: object.etag } });
    return objectInfo(object);
  }

  /** Aborts an open upload; aborting one already completed or aborted does nothing. */
  async abort(bucket: string, key: string, uploadId: string): Promise<void> {
    this.#upload(bucket, key, uploadId);
    const orphaned = await this.#metadata.abortUpload(uploadId);
    this.#blobs.delete(orphaned.map((segment) => segment.id));
  }

  listParts(bucket: string, key: string, uploadId: string, options: { maxParts?: number; partNumberMarker?: number }): R2ListPartsResult {
    this.#openUpload(bucket, key, uploadId);
    const after = options.partNumberMarker ?? 0;
    const max = options.maxParts ?? DEFAULT_PAGE;
    const remaining = this.#metadata.parts(uploadId).filter((part) => part.partNumber > after);
    const parts = remaining.slice(0, max).map(({ partNumber, etag, size, uploaded }) => ({ partNumber, etag, size, uploaded }));
    const truncated = remaining.length > max;
    return truncated ? { parts, truncated, nextPartNumberMarker: parts.at(-1)!.partNumber } : { parts, truncated };
  }

  listUploads(bucket: string, options: R2ListUploadsOptions): R2ListUploadsResult {
    if (this.#metadata.bucket(bucket) === undefined) throw new R2Error("NoSuchBucket");
    const prefix = options.prefix ?? "";
    const max = options.maxUploads ?? DEFAULT_PAGE;
    const delimiter = options.delimiter || undefined;
    let after = options.keyMarker === undefined ? undefined : { key: options.keyMarker, uploadId: options.uploadIdMarker ?? "\u{10ffff}" };
    const uploads: R2ListUploadsResult["uploads"] = [];
    const commonPrefixes: string[] = [];
    let last: { key: string; uploadId: string } | undefined;
    while (uploads.length + commonPrefixes.length <= max) {
      const rows: UploadRecord[] = this.#metadata.openUploads(bucket, prefix, after, max + 1 - uploads.length - commonPrefixes.length);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (uploads.length + commonPrefixes.length === max) return { uploads, commonPrefixes, truncated: true, nextKeyMarker: last?.key, nextUploadIdMarker: last?.uploadId };
        const cut = delimiter === undefined ? -1 : row.key.indexOf(delimiter, prefix.length);
        if (cut >= 0) {
          const folded = row.key.slice(0, cut + delimiter!.length);
          commonPrefixes.push(folded);
          last = { key: folded, uploadId: "" };
          after = { key: prefixSuccessor(folded), uploadId: "" };
          break;
        }
        uploads.push({ key: row.key, uploadId: row.uploadId, initiated: row.initiated });
        last = after = { key: row.key, uploadId: row.uploadId };
      }
    }
    return { uploads, commonPrefixes, truncated: false };
  }

  #upload(bucket: string, key: string, uploadId: string): UploadRecord {
    checkKey(key);
    const upload = this.#metadata.upload(uploadId);
    if (upload === undefined || upload.bucket !== bucket || upload.key !== key) throw new R2Error("NoSuchUpload");
    return upload;
  }

  #openUpload(bucket: string, key: string, uploadId: string): UploadRecord {
    const upload = this.#upload(bucket, key, uploadId);
    if (upload.state !== "open") throw new R2Error("NoSuchUpload");
    return upload;
  }
}
