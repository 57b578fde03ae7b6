import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import ignore from "ignore";
import type { SiteConfig } from "../../config/index.js";

/**
 * The files of a Workers Sites bucket that its `include` and `exclude` globs let through, each
 * under a KV key: its path in the bucket, `/`-separated, each segment URI-encoded (so a key, which
 * `@cloudflare/kv-asset-handler` also sends as an ETag, is always a byte string). Files are read
 * from disk on every request, so an edit is served at once.
 */
export class SiteFiles {
  readonly #bucket: string;
  readonly #served: (file: string) => boolean;

  constructor(site: SiteConfig) {
    this.#bucket = site.bucket;
    const included = site.include === undefined ? () => true : gitignoreMatcher(site.include);
    const excluded = site.exclude === undefined ? () => false : gitignoreMatcher(site.exclude);
    this.#served = (file) => included(file) && !excluded(file);
  }

  /** Every served file's key, in UTF-8 byte order. */
  keys(): string[] {
    return this.#servedFiles()
      .map(keyOf)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  /** `__STATIC_CONTENT_MANIFEST`: each served file's path in the bucket, to its key. */
  manifest(): Record<string, string> {
    return Object.fromEntries(this.#servedFiles().map((file) => [file, keyOf(file)]));
  }

  /** The file a key names, if it is a served file of the bucket. */
  fileOf(key: string): string | undefined {
    const relative = relativeOf(key);
    if (relative === undefined || !this.#served(relative)) return undefined;
    const file = path.join(this.#bucket, relative);
    return statSync(file, { throwIfNoEntry: false })?.isFile() ? file : undefined;
  }

  #servedFiles(directory = ""): string[] {
    return readdirSync(path.join(this.#bucket, directory), { withFileTypes: true }).flatMap((entry) => {
      const relative = directory === "" ? entry.name : `${directory}/${entry.name}`;
      if (entry.isDirectory()) return this.#servedFiles(relative);
      return entry.isFile() && this.#served(relative) ? [relative] : [];
    });
  }
}

/** Whether a bucket path matches any of `globs`, read as .gitignore lines are, as wrangler reads them. */
function gitignoreMatcher(globs: readonly string[]): (file: string) => boolean {
  const matcher = ignore().add(globs);
  return (file) => matcher.ignores(file);
}

function keyOf(relative: string): string {
  return relative.split("/").map(encodeURIComponent).join("/");
}

/** The path in the bucket a key stands for; `undefined` for a key no file has, such as one with `..`. */
function relativeOf(key: string): string | undefined {
  try {
    const segments = key.split("/").map(decodeURIComponent);
    return segments.some((segment) => segment === "" || segment === "." || segment === ".." || segment.includes("/")) ? undefined : segments.join("/");
  } catch {
    return undefined;
  }
}
