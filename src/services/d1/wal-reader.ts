import { closeSync, openSync, readSync } from "node:fs";

/** One committed transaction found in a write-ahead log: the pages it wrote and the database's size after it. */
export interface WalCommit {
  /** Page images by page number; a page written twice in the transaction holds its last image. */
  pages: Map<number, Buffer>;
  /** The database's size in pages once the transaction committed. */
  databasePages: number;
}

/** Where reading a log stopped: the log's generation (its salts), the next frame, and the running checksum there. */
export interface WalPosition {
  salt1: number;
  salt2: number;
  frame: number;
  checksum1: number;
  checksum2: number;
}

const HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
/** The log's checksums are over big-endian words with this magic, little-endian with the other (…82). */
const BIG_ENDIAN_MAGIC = 0x377f0683;

/**
 * Reads the transactions committed to a SQLite write-ahead log after `from`. A log with other
 * salts than `from`'s has been restarted since, and is read from its first frame. Frames are
 * checked as SQLite checks them (salts and the running checksum), so a transaction whose frames
 * are not all written yet is not returned.
 */
export function readWalCommits(walFile: string, from: WalPosition | undefined): { commits: WalCommit[]; position: WalPosition | undefined } {
  let fd: number;
  try {
    fd = openSync(walFile, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { commits: [], position: from };
    throw error;
  }
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    if (readSync(fd, header, 0, HEADER_BYTES, 0) < HEADER_BYTES) return { commits: [], position: from };
    const bigEndian = header.readUInt32BE(0) === BIG_ENDIAN_MAGIC;
    const pageSize = header.readUInt32BE(8);
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);
    const sameLog = from !== undefined && from.salt1 === salt1 && from.salt2 === salt2;
    let position: WalPosition = sameLog
      ? from
      : { salt1, salt2, frame: 0, ...checksum(header.subarray(0, 24), bigEndian, 0, 0) };
    if (!sameLog && (header.readUInt32BE(24) !== position.checksum1 || header.readUInt32BE(28) !== position.checksum2)) {
      return { commits: [], position: from };
    }
    const commits: WalCommit[] = [];
    let pending = new Map<number, Buffer>();
    let running = { checksum1: position.checksum1, checksum2: position.checksum2 };
    const frame = Buffer.alloc(FRAME_HEADER_BYTES + pageSize);
    for (let index = position.frame; ; index++) {
      if (readSync(fd, frame, 0, frame.length, HEADER_BYTES + index * frame.length) < frame.length) break;
      if (frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2) break;
      const headerSum = checksum(frame.subarray(0, 8), bigEndian, running.checksum1, running.checksum2);
      running = checksum(frame.subarray(FRAME_HEADER_BYTES), bigEndian, headerSum.checksum1, headerSum.checksum2);
      if (frame.readUInt32BE(16) !== running.checksum1 || frame.readUInt32BE(20) !== running.checksum2) break;
      pending.set(frame.readUInt32BE(0), Buffer.from(frame.subarray(FRAME_HEADER_BYTES)));
      const databasePages = frame.readUInt32BE(4);
      if (databasePages !== 0) {
        commits.push({ pages: pending, databasePages });
        pending = new Map();
        position = { salt1, salt2, frame: index + 1, ...running };
      }
    }
    return { commits, position };
  } finally {
    closeSync(fd);
  }
}

/** SQLite's log checksum: Fletcher-like sums over pairs of 32-bit words, continuing from `s1`, `s2`. */
function checksum(bytes: Buffer, bigEndian: boolean, s1: number, s2: number): { checksum1: number; checksum2: number } {
  for (let offset = 0; offset < bytes.length; offset += 8) {
    const x0 = bigEndian ? bytes.readUInt32BE(offset) : bytes.readUInt32LE(offset);
    const x1 = bigEndian ? bytes.readUInt32BE(offset + 4) : bytes.readUInt32LE(offset + 4);
    s1 = (s1 + x0 + s2) >>> 0;
    s2 = (s2 + x1 + s1) >>> 0;
  }
  return { checksum1: s1, checksum2: s2 };
}
