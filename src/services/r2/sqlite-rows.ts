import type { SqliteDatabase } from "../../storage/sqlite.js";
import type { BlobSegment, PartRecord, StoredObject, UploadRecord, UploadState } from "./backend.js";
import type { R2HttpMetadata, R2StorageClass } from "./object-info.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS r2_buckets (
  name TEXT PRIMARY KEY,
  created INTEGER NOT NULL,
  cors TEXT,
  notifications TEXT
);
CREATE TABLE IF NOT EXISTS r2_objects (
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  version TEXT NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  uploaded INTEGER NOT NULL,
  http_metadata TEXT NOT NULL,
  custom_metadata TEXT NOT NULL,
  checksums TEXT NOT NULL,
  storage_class TEXT NOT NULL,
  segments TEXT NOT NULL,
  ssec_key_md5 TEXT,
  PRIMARY KEY (bucket, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS r2_uploads (
  upload_id TEXT PRIMARY KEY,
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  initiated INTEGER NOT NULL,
  http_metadata TEXT NOT NULL,
  custom_metadata TEXT NOT NULL,
  storage_class TEXT NOT NULL,
  state TEXT NOT NULL,
  ssec_key_md5 TEXT
);
CREATE INDEX IF NOT EXISTS r2_uploads_open ON r2_uploads (bucket, key, upload_id) WHERE state = 'open';
CREATE TABLE IF NOT EXISTS r2_parts (
  upload_id TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  blob_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  uploaded INTEGER NOT NULL,
  iv TEXT,
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS r2_openers (pid INTEGER PRIMARY KEY);
`;

/** Columns added since the first schema, which a store made before them lacks. */
const ADDED_COLUMNS: readonly [table: string, column: string, type: string][] = [
  ["r2_objects", "ssec_key_md5", "TEXT"],
  ["r2_uploads", "ssec_key_md5", "TEXT"],
  ["r2_parts", "iv", "TEXT"],
];

/** Creates the tables, and adds the columns an older store lacks. */
export function applySchema(db: SqliteDatabase): void {
  db.exec(SCHEMA);
  for (const [table, column, type] of ADDED_COLUMNS) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
    if (!columns.some((existing) => existing.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }
}

export interface ObjectRow {
  key: string;
  version: string;
  size: number;
  etag: string;
  uploaded: number;
  http_metadata: string;
  custom_metadata: string;
  checksums: string;
  storage_class: string;
  segments: string;
  ssec_key_md5: string | null;
}

export interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  initiated: number;
  http_metadata: string;
  custom_metadata: string;
  storage_class: string;
  state: string;
  ssec_key_md5: string | null;
}

export interface PartRow {
  part_number: number;
  blob_id: string;
  size: number;
  etag: string;
  uploaded: number;
  iv: string | null;
}

/** HTTP metadata as stored: `cacheExpiry` in milliseconds. */
export function encodeHttpMetadata(metadata: R2HttpMetadata): string {
  const { cacheExpiry, ...rest } = metadata;
  return JSON.stringify(cacheExpiry === undefined ? rest : { ...rest, cacheExpiry: cacheExpiry.getTime() });
}

function decodeHttpMetadata(json: string): R2HttpMetadata {
  const { cacheExpiry, ...rest } = JSON.parse(json) as Omit<R2HttpMetadata, "cacheExpiry"> & { cacheExpiry?: number };
  return cacheExpiry === undefined ? rest : { ...rest, cacheExpiry: new Date(cacheExpiry) };
}

export function objectToRow(bucket: string, object: StoredObject): unknown[] {
  return [
    bucket,
    object.key,
    object.version,
    object.size,
    object.etag,
    object.uploaded.getTime(),
    encodeHttpMetadata(object.httpMetadata),
    JSON.stringify(object.customMetadata),
    JSON.stringify(object.checksums),
    object.storageClass,
    JSON.stringify(object.segments.map(({ id, size, iv }) => (iv === undefined ? [id, size] : [id, size, iv]))),
    object.ssecKeyMd5 ?? null,
  ];
}

export function rowToObject(row: ObjectRow): StoredObject {
  return {
    key: row.key,
    version: row.version,
    size: row.size,
    etag: row.etag,
    uploaded: new Date(row.uploaded),
    httpMetadata: decodeHttpMetadata(row.http_metadata),
    customMetadata: JSON.parse(row.custom_metadata) as Record<string, string>,
    checksums: JSON.parse(row.checksums) as StoredObject["checksums"],
    storageClass: row.storage_class as R2StorageClass,
    segments: rowSegments(row.segments),
    ...(row.ssec_key_md5 !== null && { ssecKeyMd5: row.ssec_key_md5 }),
  };
}

/** Segments as stored: `[id, size]`, or `[id, size, iv]` for an encrypted blob. */
export function rowSegments(json: string): BlobSegment[] {
  return (JSON.parse(json) as [string, number, string?][]).map(([id, size, iv]) => (iv === undefined ? { id, size } : { id, size, iv }));
}

export function rowToUpload(row: UploadRow): UploadRecord {
  return {
    uploadId: row.upload_id,
    bucket: row.bucket,
    key: row.key,
    initiated: new Date(row.initiated),
    httpMetadata: decodeHttpMetadata(row.http_metadata),
    customMetadata: JSON.parse(row.custom_metadata) as Record<string, string>,
    storageClass: row.storage_class as R2StorageClass,
    state: row.state as UploadState,
    ...(row.ssec_key_md5 !== null && { ssecKeyMd5: row.ssec_key_md5 }),
  };
}

export function rowToPart(row: PartRow): PartRecord {
  const part = { partNumber: row.part_number, id: row.blob_id, size: row.size, etag: row.etag, uploaded: new Date(row.uploaded) };
  return row.iv === null ? part : { ...part, iv: row.iv };
}
