import { bucketOf, type S3Operation, type S3Request } from "./s3-request.js";
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from "./bucket-operations.js";
import { copyObject } from "./copy-object.js";
import { deleteBucketCors, getBucketCors, putBucketCors } from "./cors-operations.js";
import { listObjectsV1, listObjectsV2 } from "./list-objects.js";
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
  uploadPartCopy,
} from "./multipart-operations.js";
import { getObject, headObject } from "./object-read.js";
import { deleteObject, deleteObjects, putObject } from "./object-write.js";
import { S3Error } from "./s3-error.js";

/** Subresources of S3 that R2 does not have (ACLs, tagging, versioning, object lock, policies, website, …). */
const UNSUPPORTED_SUBRESOURCES = [
  "accelerate", "acl", "analytics", "attributes", "encryption", "intelligent-tiering", "inventory", "legal-hold",
  "lifecycle", "logging", "metrics", "notification", "object-lock", "ownershipControls", "policy", "policyStatus",
  "publicAccessBlock", "replication", "requestPayment", "restore", "retention", "select", "tagging", "torrent",
  "versioning", "versions", "website",
];

/** The operation a request names, by method, bucket, key and query subresource. */
export function routeOperation(request: S3Request): S3Operation {
  const { method, query } = request;
  const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => query.has(name));
  if (unsupported !== undefined) {
    throw new S3Error("NotImplemented", 501, `The ?${unsupported} operations are not supported by R2 (ACLs, tagging, versioning, object lock, policies and website are not).`);
  }
  const operation =
    request.bucket === undefined ? (method === "GET" ? listBuckets : undefined)
    : request.key === undefined ? bucketOperation(method, query)
    : objectOperation(request);
  if (operation === undefined) {
    const target = request.bucket === undefined ? "the service" : request.key === undefined ? `bucket ${bucketOf(request)}` : "an object";
    throw new S3Error("MethodNotAllowed", 405, `The ${method} method with these parameters is not an S3 operation on ${target}.`);
  }
  return operation;
}

function bucketOperation(method: string, query: URLSearchParams): S3Operation | undefined {
  switch (method) {
    case "GET":
      if (query.has("location")) return getBucketLocation;
      if (query.has("cors")) return getBucketCors;
      if (query.has("uploads")) return listMultipartUploads;
      return query.get("list-type") === "2" ? listObjectsV2 : listObjectsV1;
    case "HEAD":
      return headBucket;
    case "PUT":
      return query.has("cors") ? putBucketCors : createBucket;
    case "DELETE":
      return query.has("cors") ? deleteBucketCors : deleteBucket;
    case "POST":
      return query.has("delete") ? deleteObjects : undefined;
    default:
      return undefined;
  }
}

function objectOperation(request: S3Request): S3Operation | undefined {
  const { method, query, headers } = request;
  const upload = query.has("uploadId");
  switch (method) {
    case "GET":
      return upload ? listParts : getObject;
    case "HEAD":
      return headObject;
    case "PUT":
      if (upload) return headers["x-amz-copy-source"] === undefined ? uploadPart : uploadPartCopy;
      return headers["x-amz-copy-source"] === undefined ? putObject : copyObject;
    case "DELETE":
      return upload ? abortMultipartUpload : deleteObject;
    case "POST":
      if (query.has("uploads")) return createMultipartUpload;
      return upload ? completeMultipartUpload : undefined;
    default:
      return undefined;
  }
}
