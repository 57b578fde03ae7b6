/** What a completed mutation did, as R2 event notifications describe it. */
export interface R2Event {
  action: "PutObject" | "CopyObject" | "CompleteMultipartUpload" | "DeleteObject";
  bucket: string;
  /** Delete events carry no size or eTag. */
  object: { key: string; size?: number; eTag?: string };
  copySource?: { bucket: string; object: string };
}

export type R2EventListener = (event: R2Event) => void;
