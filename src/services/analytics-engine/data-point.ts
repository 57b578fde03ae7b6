/** A blob or index as the binding sends it: a string as it is, bytes in base64. */
export type SentField = string | { base64: string };

/** One `writeDataPoint()` call, as the binding in the isolate sends it to Outpost. */
export interface SentDataPoint {
  /** Milliseconds since the epoch, when the worker wrote it. */
  timestamp: number;
  index1: SentField;
  /** Up to 20, `""` where the worker gave none. */
  blobs: SentField[];
  /** Up to 20. */
  doubles: number[];
}

/** A blob or index as it is stored: text stays text, bytes stay bytes. */
export function storedField(field: SentField): string | Buffer {
  return typeof field === "string" ? field : Buffer.from(field.base64, "base64");
}
