/**
 * Preconditions of a read or write (R2's `onlyIf`). Etags are unquoted; `"*"` matches any
 * object, and a `W/` prefix marks a weak etag (from the Headers form).
 */
export interface R2Conditions {
  /** If-Match: one must equal the object's etag, compared strongly. */
  etagMatches?: string[];
  /** If-None-Match: none may equal the object's etag, compared weakly. */
  etagDoesNotMatch?: string[];
  /** If-Unmodified-Since. */
  uploadedBefore?: Date;
  /** If-Modified-Since. */
  uploadedAfter?: Date;
  /** Compare dates in whole seconds, as HTTP dates do (implied by the Headers form). */
  secondsGranularity?: boolean;
}

const WEAK_PREFIX = "W/";

function strongMatch(candidates: string[], etag: string): boolean {
  return candidates.some((candidate) => candidate === "*" || candidate === etag);
}

function weakMatch(candidates: string[], etag: string): boolean {
  return candidates.some(
    (candidate) => candidate === "*" || (candidate.startsWith(WEAK_PREFIX) ? candidate.slice(WEAK_PREFIX.length) : candidate) === etag,
  );
}

/**
 * Whether `conditions` hold for an object (`null` when the key is absent), by RFC 7232 §6: a
 * passing If-Match makes If-Unmodified-Since irrelevant, and a passing If-None-Match makes
 * If-Modified-Since irrelevant. An absent object fails only If-Match and If-Modified-Since.
 */
export function conditionsHold(conditions: R2Conditions | undefined, object: { etag: string; uploaded: Date } | null): boolean {
  if (conditions === undefined) return true;
  const { etagMatches, etagDoesNotMatch, uploadedBefore, uploadedAfter } = conditions;
  if (object === null) return etagMatches === undefined && uploadedAfter === undefined;
  const time = (date: Date): number => (conditions.secondsGranularity ? Math.floor(date.getTime() / 1000) : date.getTime());
  const uploaded = time(object.uploaded);

  const ifMatch = etagMatches === undefined ? undefined : strongMatch(etagMatches, object.etag);
  if (ifMatch === false) return false;
  const ifNoneMatch = etagDoesNotMatch === undefined ? undefined : !weakMatch(etagDoesNotMatch, object.etag);
  if (ifNoneMatch === false) return false;
  if (ifMatch === undefined && uploadedBefore !== undefined && uploaded > time(uploadedBefore)) return false;
  if (ifNoneMatch === undefined && uploadedAfter !== undefined && uploaded <= time(uploadedAfter)) return false;
  return true;
}
