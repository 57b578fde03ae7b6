import { closeSync, ftruncateSync, openSync, rmSync, writeSync } from "node:fs";
import Database from "better-sqlite3";
import type { SqliteDatabase } from "../../storage/sqlite.js";

/** Offset in page 1 of the file format bytes; 1 and 1 open the image without a write-ahead log. */
const FILE_FORMAT_OFFSET = 18;

/**
 * Writes the database as it was at commit `seq`, from the history's base and the newest image of
 * each page up to `seq`, to `file`; hands it to `use` opened read-only, then removes it.
 */
export async function withImage(history: SqliteDatabase, seq: number, pageSize: number, file: string, use: (image: Database.Database) => Promise<unknown>): Promise<void> {
  const size = history
    .prepare<[number], { pages: number }>("SELECT database_pages AS pages FROM commits WHERE seq = ? UNION ALL SELECT database_pages FROM base LIMIT 1")
    .get(seq)!.pages;
  const fd = openSync(file, "w");
  try {
    const write = (pgno: number, data: Buffer) => {
      if (pgno > size) return;
      if (pgno === 1) data.fill(1, FILE_FORMAT_OFFSET, FILE_FORMAT_OFFSET + 2);
      writeSync(fd, data, 0, data.length, (pgno - 1) * pageSize);
    };
    for (const { pgno, data } of history.prepare<[], { pgno: number; data: Buffer }>("SELECT pgno, data FROM base_pages").iterate()) write(pgno, data);
    const newest = history.prepare<[number], { pgno: number; data: Buffer }>("SELECT pgno, data FROM (SELECT pgno, data, max(seq) FROM pages WHERE seq <= ? GROUP BY pgno)");
    for (const { pgno, data } of newest.iterate(seq)) write(pgno, data);
    ftruncateSync(fd, size * pageSize);
  } finally {
    closeSync(fd);
  }
  const image = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await use(image);
  } finally {
    image.close();
    rmSync(file, { force: true });
  }
}
