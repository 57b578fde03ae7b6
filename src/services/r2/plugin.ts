import type { R2BucketBinding } from "../../config/index.js";
import type { BindingDefinition } from "../../runtime/index.js";

/** The service name R2 binding requests carry to Outpost's service host. */
export const R2_SERVICE = "r2";

/** The header workerd's external service adds to each binding request, naming the bucket. */
export const R2_BUCKET_HEADER = "x-outpost-r2-bucket";

/** A native `r2Bucket` binding per configured bucket, each aimed at Outpost's R2 service. */
export function r2Bindings(buckets: readonly R2BucketBinding[]): BindingDefinition[] {
  return buckets.map((bucket) => ({
    name: bucket.binding,
    kind: "r2Bucket",
    platform: { service: R2_SERVICE, resource: bucket.bucket_name, headers: { [R2_BUCKET_HEADER]: bucket.bucket_name } },
  }));
}
