import type { OutpostDev } from "../helpers/outpost-cli.js";

export interface R2CallResult {
  result?: unknown;
  error?: string;
}

/** An object as the `r2` fixture worker reports it. */
export interface ReportedObject {
  key: string;
  version: string;
  size: number;
  etag: string;
  httpEtag: string;
  uploaded: number;
  httpMetadata: Record<string, unknown>;
  customMetadata: Record<string, string>;
  range?: { offset?: number; length?: number; suffix?: number };
  checksums: Record<string, string>;
  storageClass: string;
  ssecKeyMd5?: string;
  writeHttpMetadata: Record<string, string> | string;
  body: string | null;
}

/** Calls `env[binding][method](...args)` inside the `r2` fixture worker and returns what it answered. */
export async function r2Call(dev: OutpostDev, method: string, args: unknown[] = [], binding: "BUCKET" | "OTHER" = "BUCKET"): Promise<R2CallResult> {
  const response = await dev.fetch("/op", { method: "POST", body: JSON.stringify({ binding, method, args }) });
  return (await response.json()) as R2CallResult;
}

/** The call's result as a reported object, failing the test with the call's error if it threw. */
export async function r2Object(dev: OutpostDev, method: string, args: unknown[] = []): Promise<ReportedObject> {
  const { result, error } = await r2Call(dev, method, args);
  if (error !== undefined) throw new Error(`${method} threw ${error}`);
  return result as ReportedObject;
}

export const date = (ms: number) => ({ $date: ms });
export const headers = (values: Record<string, string>) => ({ $headers: values });
export const bytes = (buffer: Buffer) => ({ $bytes: buffer.toString("base64") });
