import sharp, { type Metadata } from "sharp";
import { notAnImage } from "./errors.js";

/** What `IMAGES.info()` resolves to, as the service sends it: `file_size` becomes `fileSize` in the binding. */
export type ImageInfo = { format: "image/svg+xml" } | { format: string; file_size: number; width: number; height: number };

/** sharp's format names and the MIME types Cloudflare reports for them; AVIF is HEIF compressed with AV1. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  svg: "image/svg+xml",
  heif: "image/heic",
  tiff: "image/tiff",
};

/** The format and size of an encoded image, upright as its EXIF orientation says; an SVG has a format only, as on Cloudflare. */
export async function imageInfo(bytes: Uint8Array): Promise<ImageInfo> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes).metadata();
  } catch {
    throw notAnImage();
  }
  const format = metadata.format === "heif" && metadata.compression === "av1" ? "image/avif" : MIME_TYPES[metadata.format];
  if (format === undefined) throw notAnImage();
  if (format === "image/svg+xml") return { format };
  return { format, file_size: bytes.byteLength, width: metadata.autoOrient.width, height: metadata.autoOrient.height };
}
