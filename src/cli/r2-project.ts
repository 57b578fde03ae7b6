import { R2Error, R2Store } from "../services/r2/index.js";
import { R2CommandError } from "./r2-command-error.js";
import { loadCliProject } from "./project.js";
import type { ProjectOptions } from "./project-options.js";

/** What an R2 refusal means to someone at the command line, and what to do about it. */
function explain(error: R2Error, bucket: string | undefined): R2CommandError {
  switch (error.code) {
    case "NoSuchBucket":
      return new R2CommandError("ERR_R2_NOT_FOUND", `Bucket "${bucket}" does not exist. Create it with \`outpost r2 bucket create ${bucket}\`.`, { cause: error });
    case "BucketNotEmpty":
      return new R2CommandError("ERR_R2_REFUSED", `Bucket "${bucket}" is not empty; delete its objects first.`, { cause: error });
    case "BucketAlreadyExists":
      return new R2CommandError("ERR_R2_REFUSED", `Bucket "${bucket}" exists already.`, { cause: error });
    case "SsecKeyRequired":
      return new R2CommandError("ERR_R2_REFUSED", `${error.message} Pass the key it was written with: --ssec-key <64 hex digits>.`, { cause: error });
    default:
      return new R2CommandError("ERR_R2_REFUSED", error.message, { cause: error });
  }
}

/**
 * Runs `use` on the project's R2 store (the data `outpost dev` serves), closing it afterwards and
 * turning R2's refusals into messages that name `bucket`. A bucket the config's `r2_buckets` names
 * exists, as `outpost dev` creates it at start, so its objects can be written before the first
 * `dev`; `createConfigured: false` leaves it to `use` to create.
 */
export async function withR2Store<T>(
  options: ProjectOptions,
  bucket: string | undefined,
  use: (store: R2Store) => T | Promise<T>,
  { createConfigured = true }: { createConfigured?: boolean } = {},
): Promise<T> {
  const project = await loadCliProject(options);
  const store = await R2Store.open(project.persistTo);
  try {
    if (createConfigured && project.config.r2_buckets.some((configured) => configured.bucket_name === bucket)) store.ensureBucket(bucket!);
    return await use(store);
  } catch (error) {
    throw error instanceof R2Error ? explain(error, bucket) : error;
  } finally {
    store.close();
  }
}
