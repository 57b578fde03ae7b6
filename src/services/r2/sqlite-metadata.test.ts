import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { openSqlite } from "../../storage/sqlite.js";
import { SqliteR2Metadata } from "./sqlite-metadata.js";

/** The tables as stores made before SSE-C created them. */
const SCHEMA_BEFORE_SSEC = `
CREATE TABLE r2_buckets (name TEXT PRIMARY KEY, created INTEGER NOT NULL, cors TEXT, notifications TEXT);
CREATE TABLE r2_objects (
  bucket TEXT NOT NULL, key TEXT NOT NULL, version TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
  uploaded INTEGER NOT NULL, http_metadata TEXT NOT NULL, custom_metadata TEXT NOT NULL, checksums TEXT NOT NULL,
  storage_class TEXT NOT NULL, segments TEXT NOT NULL, PRIMARY KEY (bucket, key)
) WITHOUT ROWID;
CREATE TABLE r2_uploads (
  upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL, initiated INTEGER NOT NULL,
  http_metadata TEXT NOT NULL, custom_metadata TEXT NOT NULL, storage_class TEXT NOT NULL, state TEXT NOT NULL
);
CREATE TABLE r2_parts (
  upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, blob_id TEXT NOT NULL, size INTEGER NOT NULL,
  etag TEXT NOT NULL, uploaded INTEGER NOT NULL, PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
INSERT INTO r2_buckets VALUES ('old', 0, NULL, NULL);
INSERT INTO r2_objects VALUES ('old', 'kept', 'v1', 3, 'etag', 0, '{}', '{}', '{}', 'Standard', '[["blob-a",3]]');
`;

describe("SqliteR2Metadata", () => {
  let dir: string;
  let metadata: SqliteR2Metadata;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "outpost-r2-metadata-"));
    const file = path.join(dir, "r2.sqlite");
    const old = openSqlite(file);
    old.exec(SCHEMA_BEFORE_SSEC);
    old.close();
    metadata = new SqliteR2Metadata(file);
  });
  after(async () => {
    metadata.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("SqliteR2Metadata: a store made before SSE-C gains its columns and keeps its objects", async () => {
    const kept = metadata.object("old", "kept")!;
    assert.deepEqual(kept.segments, [{ id: "blob-a", size: 3 }]);
    assert.equal(kept.ssecKeyMd5, undefined);
    const object = { ...kept, key: "sealed", segments: [{ id: "blob-b", size: 3, iv: "00".repeat(16) }], ssecKeyMd5: "md5==", bucket: "old" };
    assert.equal((await metadata.putObject(object, () => true)).written, true);
    const sealed = metadata.object("old", "sealed")!;
    assert.deepEqual([sealed.segments, sealed.ssecKeyMd5], [[{ id: "blob-b", size: 3, iv: "00".repeat(16) }], "md5=="]);
    metadata.createUpload({ uploadId: "u", bucket: "old", key: "multi", initiated: new Date(0), httpMetadata: {}, customMetadata: {}, storageClass: "Standard", state: "open", ssecKeyMd5: "md5==" });
    assert.equal(metadata.upload("u")!.ssecKeyMd5, "md5==");
    await metadata.putPart("u", { partNumber: 1, id: "blob-c", size: 1, etag: "e", uploaded: new Date(0), iv: "11".repeat(16) });
    assert.equal(metadata.parts("u")[0]!.iv, "11".repeat(16));
  });
});
