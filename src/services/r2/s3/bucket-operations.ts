import { bucketOf, type S3Context } from "./s3-request.js";
import { S3Error } from "./s3-error.js";
import { sendEmpty, sendXml } from "./s3-response.js";
import { escapeXml } from "./xml-writer.js";

/** The one owner every bucket has: the Outpost installation. */
const OWNER = { ID: "outpost", DisplayName: "outpost" };
/** R2's only region. */
const REGION = "auto";

/** ListBuckets: `GET /`. */
export async function listBuckets({ response, store }: S3Context): Promise<void> {
  const buckets = store.listBuckets().map((bucket) => ({ Name: bucket.name, CreationDate: bucket.creationDate }));
  sendXml(response, 200, "ListAllMyBucketsResult", { Owner: OWNER, Buckets: { Bucket: buckets } });
}

/** CreateBucket: `PUT /<bucket>`; a CreateBucketConfiguration body is ignored, R2 having one region. */
export async function createBucket({ request, response, store }: S3Context): Promise<void> {
  store.createBucket(bucketOf(request));
  sendEmpty(response, 200, { Location: `/${bucketOf(request)}` });
}

/** HeadBucket: 200 or 404. */
export async function headBucket({ request, response, store }: S3Context): Promise<void> {
  requireBucket({ request, store });
  sendEmpty(response, 200, { "x-amz-bucket-region": REGION });
}

/** DeleteBucket: refused with BucketNotEmpty while it holds objects. */
export async function deleteBucket({ request, response, store }: S3Context): Promise<void> {
  store.deleteBucket(bucketOf(request));
  sendEmpty(response, 204);
}

/** GetBucketLocation: always `auto`. */
export async function getBucketLocation({ request, response, store }: S3Context): Promise<void> {
  requireBucket({ request, store });
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${escapeXml(REGION)}</LocationConstraint>`;
  response.writeHead(200, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body) });
  response.end(body);
}

export function requireBucket({ request, store }: Pick<S3Context, "request" | "store">): void {
  if (!store.hasBucket(bucketOf(request))) throw new S3Error("NoSuchBucket", 404, "The specified bucket does not exist.");
}
