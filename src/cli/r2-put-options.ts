import { InvalidArgumentError, type Command } from "commander";
import type { R2HttpMetadata, R2StorageClass } from "../services/r2/index.js";
import { oneOf } from "./arguments.js";

const STORAGE_CLASSES: readonly R2StorageClass[] = ["Standard", "InfrequentAccess"];

/** The options of `outpost r2 object put` that set what the object is stored with, as `wrangler r2 object put` names them. */
export interface R2PutMetadataOptions {
  contentType?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: Date;
  storageClass?: R2StorageClass;
}

/** `--expires`: any date `new Date()` reads, as wrangler reads it. */
function parseExpires(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`--expires must be a date, such as 2030-01-01T00:00:00Z (got "${text}").`);
  return date;
}

/** Adds wrangler's object metadata options to `put`. */
export function withPutMetadataOptions(command: Command): Command {
  return command
    .option("--content-type <type>", "the object's Content-Type")
    .option("--content-disposition <value>", "the object's Content-Disposition")
    .option("--content-encoding <value>", "the object's Content-Encoding")
    .option("--content-language <value>", "the object's Content-Language")
    .option("--cache-control <value>", "the object's Cache-Control")
    .option("--expires <date>", "the object's Expires: when it stops being cacheable", parseExpires)
    .option("-s, --storage-class <class>", `the object's storage class: ${STORAGE_CLASSES.join(" or ")}`, oneOf("--storage-class", STORAGE_CLASSES));
}

/** The HTTP metadata the options give, leaving out what they do not set. */
export function httpMetadataOf(options: R2PutMetadataOptions): R2HttpMetadata {
  const metadata: R2HttpMetadata = {
    contentType: options.contentType,
    contentDisposition: options.contentDisposition,
    contentEncoding: options.contentEncoding,
    contentLanguage: options.contentLanguage,
    cacheControl: options.cacheControl,
    cacheExpiry: options.expires,
  };
  return Object.fromEntries(Object.entries(metadata).filter(([, value]) => value !== undefined));
}
