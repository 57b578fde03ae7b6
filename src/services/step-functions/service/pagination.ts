import { SfnError } from "./sfn-error.js";

const PAGE_DEFAULT = 100;

/** A page of `items`; `nextToken` is the offset of the next page. */
export function paginate<T>(items: T[], input: { maxResults?: number; nextToken?: string }): { items: T[]; next: { nextToken?: string } } {
  let start = 0;
  if (input.nextToken !== undefined) {
    start = Number(Buffer.from(input.nextToken, "base64url").toString("utf8"));
    if (!Number.isInteger(start) || start < 0) throw new SfnError("ValidationException", "Invalid Token: the nextToken is not one this API gave");
  }
  const size = input.maxResults && input.maxResults > 0 ? input.maxResults : PAGE_DEFAULT;
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? { nextToken: Buffer.from(String(end)).toString("base64url") } : {} };
}
