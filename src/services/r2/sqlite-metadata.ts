import type { Statement } from "better-sqlite3";
import { GroupCommit } from "../../storage/group-commit.js";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";
import type {
  BlobSegment,
  BucketRecord,
  BucketSetting,
  ListStart,
  PartRecord,
  R2MetadataStore,
  StoredObject,
  UploadRecord,
  WriteOutcome,
} from "./backend.js";
import { R2Error } from "./errors.js";
import {
  applySchema,
  encodeHttpMetadata,
  objectToRow,
  rowSegments,
  rowToObject,
  rowToPart,
  rowToUpload,
  type ObjectRow,
  type PartRow,
  type UploadRow,
} from "./sqlite-rows.js";

const OBJECT_COLUMNS = "key, version, size, etag, uploaded, http_metadata, custom_metadata, checksums, storage_class, segments, ssec_key_md5";

/**
 * R2 metadata in one SQLite file. TEXT keys compare with memcmp over their UTF-8 bytes, which is
 * R2's listing order. Writes go through group commit, so concurrent puts share an fsync.
 */
export class SqliteR2Metadata implements R2MetadataStore {
  readonly #db: SqliteDatabase;
  readonly #commits: GroupCommit;
  readonly #statements = new Map<string, Statement>();

  constructor(file: string) {
    this.#db = openSqlite(file);
    applySchema(this.#db);
    this.#commits = new GroupCommit(this.#db);
  }

  buckets(): BucketRecord[] {
    const rows = this.#sql("SELECT name, created FROM r2_buckets ORDER BY name").all() as { name: string; created: number }[];
    return rows.map((row) => ({ name: row.name, created: new Date(row.created) }));
  }

  bucket(name: string): BucketRecord | undefined {
    const row = this.#sql("SELECT name, created FROM r2_buckets WHERE name = ?").get(name) as { name: string; created: number } | undefined;
    return row && { name: row.name, created: new Date(row.created) };
  }

  createBucket(name: string, created: Date): boolean {
    return this.#sql("INSERT OR IGNORE INTO r2_buckets (name, created) VALUES (?, ?)").run(name, created.getTime()).changes === 1;
  }

  deleteBucket(name: string): BlobSegment[] {
    return this.#db.transaction(() => {
      if (this.bucket(name) === undefined) throw new R2Error("NoSuchBucket");
      if (this.#sql("SELECT 1 FROM r2_objects WHERE bucket = ? LIMIT 1").get(name) !== undefined) throw new R2Error("BucketNotEmpty");
      const uploads = this.#sql("SELECT upload_id FROM r2_uploads WHERE bucket = ? AND state = 'open'").all(name) as { upload_id: string }[];
      const orphaned = uploads.flatMap(({ upload_id }) => {
        const parts = this.parts(upload_id);
        this.#finish(upload_id, "aborted");
        return parts;
      });
      this.#sql("DELETE FROM r2_buckets WHERE name = ?").run(name);
      return orphaned;
    })();
  }

  bucketSetting(name: string, setting: BucketSetting): string | null {
    const row = this.#sql(`SELECT ${setting} AS value FROM r2_buckets WHERE name = ?`).get(name) as { value: string | null } | undefined;
    if (row === undefined) throw new R2Error("NoSuchBucket");
    return row.value;
  }

  setBucketSetting(name: string, setting: BucketSetting, json: string | null): void {
    if (this.#sql(`UPDATE r2_buckets SET ${setting} = ? WHERE name = ?`).run(json, name).changes === 0) throw new R2Error("NoSuchBucket");
  }

  object(bucket: string, key: string): StoredObject | undefined {
    const row = this.#sql(`SELECT ${OBJECT_COLUMNS} FROM r2_objects WHERE bucket = ? AND key = ?`).get(bucket, key) as ObjectRow | undefined;
    return row && rowToObject(row);
  }

  putObject(object: StoredObject & { bucket: string }, allow: (current: StoredObject | undefined) => boolean): Promise<WriteOutcome> {
    return this.#commits.run(() => {
      if (this.bucket(object.bucket) === undefined) throw new R2Error("NoSuchBucket");
      const current = this.object(object.bucket, object.key);
      if (!allow(current)) return { written: false, orphaned: [] };
      this.#upsert(object);
      return { written: true, orphaned: current?.segments ?? [] };
    });
  }

  deleteObjects(bucket: string, keys: readonly string[]): Promise<{ deleted: string[]; orphaned: BlobSegment[] }> {
    return this.#commits.run(() => {
      const remove = this.#sql("DELETE FROM r2_objects WHERE bucket = ? AND key = ? RETURNING segments");
      const deleted: string[] = [];
      const orphaned: BlobSegment[] = [];
      for (const key of keys) {
        const row = remove.get(bucket, key) as { segments: string } | undefined;
        if (row === undefined) continue;
        deleted.push(key);
        orphaned.push(...rowSegments(row.segments));
      }
      return { deleted, orphaned };
    });
  }

  listObjects(bucket: string, prefix: string, start: ListStart | undefined, limit: number): StoredObject[] {
    const bound = start === undefined ? "" : start.inclusive ? "AND key >= @start" : "AND key > @start";
    const rows = this
      .#sql(`SELECT ${OBJECT_COLUMNS} FROM r2_objects WHERE bucket = @bucket AND key >= @prefix AND substr(key, 1, length(@prefix)) = @prefix ${bound} ORDER BY key LIMIT @limit`)
      .all({ bucket, prefix, limit, ...(start === undefined ? {} : { start: start.key }) }) as ObjectRow[];
    return rows.map(rowToObject);
  }

  createUpload(upload: UploadRecord): void {
    this
      .#sql("INSERT INTO r2_uploads (upload_id, bucket, key, initiated, http_metadata, custom_metadata, storage_class, state, ssec_key_md5) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .run(
        upload.uploadId,
        upload.bucket,
        upload.key,
        upload.initiated.getTime(),
        encodeHttpMetadata(upload.httpMetadata),
        JSON.stringify(upload.customMetadata),
        upload.storageClass,
        upload.state,
        upload.ssecKeyMd5 ?? null,
      );
  }

  upload(uploadId: string): UploadRecord | undefined {
    const row = this.#sql("SELECT * FROM r2_uploads WHERE upload_id = ?").get(uploadId) as UploadRow | undefined;
    return row && rowToUpload(row);
  }

  putPart(uploadId: string, part: PartRecord): Promise<WriteOutcome> {
    return this.#commits.run(() => {
      if (this.upload(uploadId)?.state !== "open") return { written: false, orphaned: [] };
      const previous = this.#sql("SELECT blob_id, size FROM r2_parts WHERE upload_id = ? AND part_number = ?").get(uploadId, part.partNumber) as
        | { blob_id: string; size: number }
        | undefined;
      this
        .#sql("INSERT OR REPLACE INTO r2_parts (upload_id, part_number, blob_id, size, etag, uploaded, iv) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .run(uploadId, part.partNumber, part.id, part.size, part.etag, part.uploaded.getTime(), part.iv ?? null);
      return { written: true, orphaned: previous === undefined ? [] : [{ id: previous.blob_id, size: previous.size }] };
    });
  }

  parts(uploadId: string): PartRecord[] {
    const rows = this.#sql("SELECT part_number, blob_id, size, etag, uploaded, iv FROM r2_parts WHERE upload_id = ? ORDER BY part_number").all(uploadId) as PartRow[];
    return rows.map(rowToPart);
  }

  completeUpload(uploadId: string, object: StoredObject & { bucket: string }): Promise<WriteOutcome> {
    return this.#commits.run(() => {
      if (this.upload(uploadId)?.state !== "open") throw new R2Error("NoSuchUpload");
      const used = new Set(object.segments.map((segment) => segment.id));
      const unused = this.parts(uploadId).filter((part) => !used.has(part.id));
      const current = this.object(object.bucket, object.key);
      this.#upsert(object);
      this.#finish(uploadId, "completed");
      return { written: true, orphaned: [...(current?.segments ?? []), ...unused] };
    });
  }

  abortUpload(uploadId: string): Promise<BlobSegment[]> {
    return this.#commits.run(() => {
      if (this.upload(uploadId)?.state !== "open") return [];
      const parts = this.parts(uploadId);
      this.#finish(uploadId, "aborted");
      return parts;
    });
  }

  openUploads(bucket: string, prefix: string, after: { key: string; uploadId: string } | undefined, limit: number): UploadRecord[] {
    const rows = this
      .#sql(
        `SELECT * FROM r2_uploads WHERE bucket = @bucket AND state = 'open' AND substr(key, 1, length(@prefix)) = @prefix
         AND (@afterKey IS NULL OR key > @afterKey OR (key = @afterKey AND upload_id > @afterId))
         ORDER BY key, upload_id LIMIT @limit`,
      )
      .all({ bucket, prefix, limit, afterKey: after?.key ?? null, afterId: after?.uploadId ?? "" }) as UploadRow[];
    return rows.map(rowToUpload);
  }

  attach(pid: number, isAlive: (pid: number) => boolean): boolean {
    return this.#db.transaction(() => {
      const others = (this.#sql("SELECT pid FROM r2_openers WHERE pid != ?").all(pid) as { pid: number }[]).map((row) => row.pid);
      const gone = others.filter((other) => !isAlive(other));
      for (const other of gone) this.#sql("DELETE FROM r2_openers WHERE pid = ?").run(other);
      this.#sql("INSERT OR IGNORE INTO r2_openers (pid) VALUES (?)").run(pid);
      return gone.length === others.length;
    })();
  }

  detach(pid: number): void {
    this.#sql("DELETE FROM r2_openers WHERE pid = ?").run(pid);
  }

  referencedBlobs(): Set<string> {
    const referenced = new Set<string>();
    for (const row of this.#sql("SELECT segments FROM r2_objects").iterate() as Iterable<{ segments: string }>) {
      for (const segment of rowSegments(row.segments)) referenced.add(segment.id);
    }
    for (const row of this.#sql("SELECT blob_id FROM r2_parts").iterate() as Iterable<{ blob_id: string }>) referenced.add(row.blob_id);
    return referenced;
  }

  close(): void {
    this.#db.close();
  }

  /** Prepares each statement once. */
  #sql(text: string): Statement {
    let statement = this.#statements.get(text);
    if (statement === undefined) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  #upsert(object: StoredObject & { bucket: string }): void {
    this.#sql(`INSERT OR REPLACE INTO r2_objects (bucket, ${OBJECT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...objectToRow(object.bucket, object));
  }

  /** Parts that became an object's segments stay referenced by it; the rest of the upload's rows go. */
  #finish(uploadId: string, state: "completed" | "aborted"): void {
    this.#sql("UPDATE r2_uploads SET state = ? WHERE upload_id = ?").run(state, uploadId);
    this.#sql("DELETE FROM r2_parts WHERE upload_id = ?").run(uploadId);
  }
}
