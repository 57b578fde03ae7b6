import { closeSync, openSync, readSync } from "node:fs";
import type { Statement } from "better-sqlite3";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";
import { formatBookmark } from "./bookmark.js";
import { D1Error } from "./errors.js";
import { withImage } from "./history-image.js";
import { readWalCommits, type WalPosition } from "./wal-reader.js";

/** How much history a database keeps, as set with `outpost d1 time-travel retention`. */
export interface HistoryRetention {
  /** @default 30 */
  days: number;
  /** Page images kept beyond the oldest restorable state. @default 1 GiB */
  maxBytes: number;
}

export const DEFAULT_RETENTION: HistoryRetention = { days: 30, maxBytes: 1024 ** 3 };

/** Log frames after which the log is folded into the database file, once they are in the history. */
const CHECKPOINT_FRAMES = 4096;
const DAY_MS = 86_400_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log_position (id INTEGER PRIMARY KEY CHECK (id = 0), salt1 INTEGER, salt2 INTEGER, frame INTEGER, checksum1 INTEGER, checksum2 INTEGER);
CREATE TABLE IF NOT EXISTS retention (id INTEGER PRIMARY KEY CHECK (id = 0), days REAL NOT NULL, max_bytes INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS base (id INTEGER PRIMARY KEY CHECK (id = 0), seq INTEGER NOT NULL, time INTEGER NOT NULL, database_pages INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS base_pages (pgno INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS commits (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, database_pages INTEGER NOT NULL, bytes INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS commits_by_time ON commits (time);
CREATE TABLE IF NOT EXISTS pages (seq INTEGER NOT NULL, pgno INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (seq, pgno));
`;

/** A committed state that can be restored: its bookmark and when it was committed. */
export interface HistoryPoint {
  seq: number;
  time: number;
}

/**
 * Time Travel for one D1 database, kept as SQLite keeps its own changes: every committed
 * transaction's page images, read from the write-ahead log before the log is folded into the
 * database file, over a base image of the oldest restorable state. Any committed state since
 * then is rebuilt exactly by laying the newest image of each page up to it over the base.
 *
 * Every connection to the database disables automatic checkpoints, so no frame leaves the log
 * before it is in the history; the history is made durable before the log is truncated, so a
 * crash at any point loses nothing (frames not yet copied are copied at the next open).
 */
export class D1History {
  readonly #db: SqliteDatabase;
  readonly #live: SqliteDatabase;
  readonly #databaseFile: string;
  readonly #pageSize: number;
  readonly #now: () => number;
  readonly #latest: Statement<[], HistoryPoint>;
  readonly #insertCommit: Statement<[number, number, number, number]>;
  readonly #insertPage: Statement<[number, number, Buffer]>;
  readonly #logPosition: Statement<[], WalPosition>;
  readonly #setLogPosition: Statement<[number, number, number, number, number]>;

  constructor(databaseFile: string, live: SqliteDatabase, now: () => number) {
    this.#databaseFile = databaseFile;
    this.#live = live;
    this.#now = now;
    this.#pageSize = live.pragma("page_size", { simple: true }) as number;
    this.#db = openSqlite(databaseFile.replace(/(\.sqlite)?$/, ".history.sqlite"));
    // Commits here need no fsync of their own: the log they copy stays until the history is synced.
    this.#db.pragma("synchronous = NORMAL");
    this.#db.exec(SCHEMA);
    this.#latest = this.#db.prepare(
      "SELECT seq, time FROM commits WHERE seq = (SELECT max(seq) FROM commits) UNION ALL SELECT seq, time FROM base ORDER BY seq DESC LIMIT 1",
    );
    this.#insertCommit = this.#db.prepare("INSERT INTO commits (seq, time, database_pages, bytes) VALUES (?, ?, ?, ?)");
    this.#insertPage = this.#db.prepare("INSERT INTO pages (seq, pgno, data) VALUES (?, ?, ?)");
    this.#logPosition = this.#db.prepare("SELECT salt1, salt2, frame, checksum1, checksum2 FROM log_position");
    this.#setLogPosition = this.#db.prepare("INSERT OR REPLACE INTO log_position (id, salt1, salt2, frame, checksum1, checksum2) VALUES (0, ?, ?, ?, ?, ?)");
    this.#db.transaction(() => {
      if (this.#db.prepare("SELECT 1 FROM base").get() === undefined) this.#takeBase();
    }).immediate();
    this.archive();
    this.#compact();
  }

  /** Copies the transactions committed since the last call into the history; call after every commit. */
  archive(): void {
    const logFrames = this.#db.transaction(() => {
      const from = this.#logPosition.get();
      const { commits, position } = readWalCommits(`${this.#databaseFile}-wal`, from);
      let seq = this.latest().seq;
      const time = this.#now();
      for (const commit of commits) {
        seq++;
        let bytes = 0;
        for (const [pgno, data] of commit.pages) {
          this.#insertPage.run(seq, pgno, data);
          bytes += data.length;
        }
        this.#insertCommit.run(seq, time, commit.databasePages, bytes);
      }
      if (position === undefined || position === from) return from?.frame ?? 0;
      this.#setLogPosition.run(position.salt1, position.salt2, position.frame, position.checksum1, position.checksum2);
      return position.frame;
    }).immediate();
    if (logFrames >= CHECKPOINT_FRAMES) this.checkpoint();
  }

  /** The newest committed state. */
  latest(): HistoryPoint {
    return this.#latest.get()!;
  }

  /** The oldest state that can still be restored. */
  earliest(): HistoryPoint {
    return this.#db.prepare<[], HistoryPoint>("SELECT seq, time FROM base").get()!;
  }

  /** The state as of `time`: the last commit at or before it. */
  at(time: number): HistoryPoint {
    const earliest = this.earliest();
    if (time < earliest.time) {
      throw new D1Error(
        "ERR_BOOKMARK",
        `${new Date(time).toISOString()} is before the oldest state kept, ${new Date(earliest.time).toISOString()} (bookmark ${formatBookmark(earliest.seq)}).`,
      );
    }
    return this.#db.prepare<[number], HistoryPoint>("SELECT seq, time FROM commits WHERE time <= ? ORDER BY seq DESC LIMIT 1").get(time) ?? earliest;
  }

  /**
   * Makes the database what it was at commit `seq`, as one new transaction, so the restore is
   * itself a state in the history and can be undone by restoring the state before it.
   */
  async restore(seq: number, imageFile: string): Promise<void> {
    this.archive();
    const { seq: newest } = this.latest();
    const { seq: oldest } = this.earliest();
    if (seq < oldest || seq > newest) {
      throw new D1Error("ERR_BOOKMARK", `Bookmark ${formatBookmark(seq)} is outside the history kept, ${formatBookmark(oldest)} to ${formatBookmark(newest)}.`);
    }
    await withImage(this.#db, seq, this.#pageSize, imageFile, (image) => image.backup(this.#databaseFile));
    this.archive();
    this.checkpoint();
  }

  retention(): HistoryRetention {
    const row = this.#db.prepare<[], { days: number; max_bytes: number }>("SELECT days, max_bytes FROM retention").get();
    return row === undefined ? DEFAULT_RETENTION : { days: row.days, maxBytes: row.max_bytes };
  }

  setRetention(retention: HistoryRetention): void {
    this.#db.prepare("INSERT OR REPLACE INTO retention (id, days, max_bytes) VALUES (0, ?, ?)").run(retention.days, retention.maxBytes);
    this.#compact();
  }

  /** Bytes of page images the history holds, the base included. */
  bytes(): number {
    return this.#db
      .prepare<[number], { bytes: number }>("SELECT (SELECT coalesce(sum(bytes), 0) FROM commits) + (SELECT count(*) FROM base_pages) * ? AS bytes")
      .get(this.#pageSize)!.bytes;
  }

  /** Makes the history durable, then folds the log into the database file and empties it. */
  checkpoint(): void {
    this.#db.pragma("wal_checkpoint(TRUNCATE)");
    this.#live.pragma("wal_checkpoint(TRUNCATE)");
    this.#compact();
  }

  close(): void {
    this.archive();
    this.#db.close();
  }

  /** The first base: the database file as it is once its log is folded in, at sequence 0. */
  #takeBase(): void {
    this.#live.pragma("wal_checkpoint(TRUNCATE)");
    const fd = openSync(this.#databaseFile, "r");
    try {
      const page = Buffer.alloc(this.#pageSize);
      const insert = this.#db.prepare("INSERT INTO base_pages (pgno, data) VALUES (?, ?)");
      let pgno = 0;
      while (readSync(fd, page, 0, page.length, pgno * page.length) === page.length) insert.run(++pgno, page);
      this.#db.prepare("INSERT INTO base (id, seq, time, database_pages) VALUES (0, 0, ?, ?)").run(this.#now(), pgno);
    } finally {
      closeSync(fd);
    }
  }

  /** Folds into the base what is older than the retention allows, by age and then by size. */
  #compact(): void {
    const { days, maxBytes } = this.retention();
    const byAge = this.#db.prepare<[number], { seq: number }>("SELECT max(seq) AS seq FROM commits WHERE time <= ?").get(this.#now() - days * DAY_MS)?.seq;
    if (byAge !== null && byAge !== undefined) this.#fold(byAge);
    const total = this.#db.prepare<[], { total: number }>("SELECT coalesce(sum(bytes), 0) AS total FROM commits").get()!.total;
    if (total <= maxBytes) return;
    const bySize = this.#db
      .prepare<[number], { seq: number }>("SELECT seq FROM (SELECT seq, sum(bytes) OVER (ORDER BY seq) AS running FROM commits) WHERE running >= ? LIMIT 1")
      .get(total - maxBytes)?.seq;
    if (bySize !== undefined) this.#fold(bySize);
  }

  /** Makes commit `seq` the base: each page's newest image up to it replaces the base's. */
  #fold(seq: number): void {
    this.#db.transaction(() => {
      const commit = this.#db.prepare<[number], { time: number; database_pages: number }>("SELECT time, database_pages FROM commits WHERE seq = ?").get(seq);
      if (commit === undefined) return;
      this.#db
        .prepare("INSERT OR REPLACE INTO base_pages (pgno, data) SELECT pgno, data FROM (SELECT pgno, data, max(seq) FROM pages WHERE seq <= ? GROUP BY pgno)")
        .run(seq);
      this.#db.prepare("DELETE FROM base_pages WHERE pgno > ?").run(commit.database_pages);
      this.#db.prepare("UPDATE base SET seq = ?, time = ?, database_pages = ?").run(seq, commit.time, commit.database_pages);
      this.#db.prepare("DELETE FROM pages WHERE seq <= ?").run(seq);
      this.#db.prepare("DELETE FROM commits WHERE seq <= ?").run(seq);
    }).immediate();
  }
}
