import { D1Error } from "./errors.js";

/**
 * A bookmark names one committed state of a database: its commit's sequence number, as two
 * 8-digit hex words, so bookmarks sort as text in the order they were committed.
 */
export function formatBookmark(seq: number): string {
  const hex = seq.toString(16).padStart(16, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8)}`;
}

export function parseBookmark(bookmark: string): number {
  if (!/^[0-9a-f]{8}-[0-9a-f]{8}$/.test(bookmark)) {
    throw new D1Error("ERR_BOOKMARK", `"${bookmark}" is not a bookmark. Bookmarks look like 00000000-0000002a; outpost d1 time-travel info prints them.`);
  }
  return Number.parseInt(bookmark.replace("-", ""), 16);
}
