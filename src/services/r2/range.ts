import { R2Error } from "./errors.js";

/** `{offset, length?}`, `{offset?, length}` or `{suffix}` (the last `suffix` bytes). */
export interface R2RangeRequest {
  offset?: number;
  length?: number;
  suffix?: number;
}

/** The bytes a range selects: `length` is clamped to the object's end. */
export interface ResolvedRange {
  offset: number;
  length: number;
}

/**
 * The bytes `range` selects of an object of `size` bytes. A range starting past the end, or
 * of length 0, is InvalidRange; a suffix longer than the object selects all of it.
 */
export function resolveRange(range: R2RangeRequest, size: number): ResolvedRange {
  if (range.suffix !== undefined) {
    const length = Math.min(range.suffix, size);
    if (range.suffix === 0) throw new R2Error("InvalidRange");
    return { offset: size - length, length };
  }
  const offset = range.offset ?? 0;
  const length = Math.min(range.length ?? size - offset, size - offset);
  if (offset > size || range.length === 0 || (offset === size && size > 0)) throw new R2Error("InvalidRange");
  return { offset, length: Math.max(length, 0) };
}

/**
 * The range an HTTP `Range` header asks for, or `undefined` for the whole object: R2 ignores a
 * header it cannot parse and one with several ranges.
 */
export function parseRangeHeader(header: string): R2RangeRequest | undefined {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return undefined;
  const [, first, last] = match;
  if (first === "" && last === "") return undefined;
  if (first === "") return { suffix: Number(last) };
  const offset = Number(first);
  if (last === "") return { offset };
  if (Number(last) < offset) return undefined;
  return { offset, length: Number(last) - offset + 1 };
}
