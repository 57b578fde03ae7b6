import { objectInfo, type ListStart, type R2MetadataStore } from "./backend.js";
import type { R2ListOptions, R2ListResult, R2ObjectInfo } from "./object-info.js";
import { checkListLimit } from "./limits.js";

/**
 * The smallest string greater than every string starting with `prefix`, in code point order
 * (which is UTF-8 byte order): the last code point bumped by one.
 */
export function prefixSuccessor(prefix: string): string {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return points.join("") + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return "\u{10ffff}".repeat(prefix.length + 1);
}

function encodeCursor(start: ListStart): string {
  return Buffer.from((start.inclusive ? "i" : "e") + start.key).toString("base64url");
}

function decodeCursor(cursor: string): ListStart {
  const text = Buffer.from(cursor, "base64url").toString();
  return { key: text.slice(1), inclusive: text.startsWith("i") };
}

/** The info minus the metadata the caller left out of `include`. */
function included(info: R2ObjectInfo, include: R2ListOptions["include"]): R2ObjectInfo {
  if (include === undefined) return info;
  return {
    ...info,
    httpMetadata: include.includes("httpMetadata") ? info.httpMetadata : {},
    customMetadata: include.includes("customMetadata") ? info.customMetadata : {},
  };
}

/**
 * One page of a bucket's keys. With a delimiter, keys sharing the part of the key up to the
 * delimiter after `prefix` fold into one delimited prefix; objects and prefixes together fill
 * `limit`. The cursor names where the next page starts, so keys added meanwhile are not skipped.
 */
export function listObjects(metadata: R2MetadataStore, bucket: string, options: R2ListOptions): R2ListResult {
  const limit = checkListLimit(options.limit);
  const prefix = options.prefix ?? "";
  const delimiter = options.delimiter === "" ? undefined : options.delimiter;
  let start: ListStart | undefined =
    options.cursor !== undefined ? decodeCursor(options.cursor) : options.startAfter !== undefined ? { key: options.startAfter, inclusive: false } : undefined;
  const objects: R2ObjectInfo[] = [];
  const delimitedPrefixes: string[] = [];
  const count = (): number => objects.length + delimitedPrefixes.length;

  fill: while (count() < limit) {
    const rows = metadata.listObjects(bucket, prefix, start, limit - count());
    if (rows.length === 0) break;
    for (const row of rows) {
      const cut = delimiter === undefined ? -1 : row.key.indexOf(delimiter, prefix.length);
      if (cut >= 0) {
        const folded = row.key.slice(0, cut + delimiter!.length);
        delimitedPrefixes.push(folded);
        start = { key: prefixSuccessor(folded), inclusive: true };
        continue fill;
      }
      objects.push(included(objectInfo(row), options.include));
      start = { key: row.key, inclusive: false };
    }
  }
  const truncated = count() >= limit && start !== undefined && metadata.listObjects(bucket, prefix, start, 1).length > 0;
  return { objects, truncated, ...(truncated ? { cursor: encodeCursor(start!) } : {}), delimitedPrefixes };
}
