import type { Sharp } from "sharp";
import { badRequest, unsupported } from "./errors.js";
import { pipelineOf, type Raster } from "./raster.js";

/** How `.output({...})` asked for the image. */
export interface OutputOptions {
  format: string;
  quality?: number;
  /** Fills transparency in formats that have none; white when not given. */
  background?: string;
}

/** Formats without an alpha channel, whose transparent pixels get the background colour. */
const OPAQUE_FORMATS = new Set(["image/jpeg"]);

const ENCODERS: Readonly<Record<string, (pipeline: Sharp, quality: number | undefined) => Sharp>> = {
  "image/jpeg": (pipeline, quality) => pipeline.jpeg({ quality }),
  "image/png": (pipeline) => pipeline.png(),
  "image/webp": (pipeline, quality) => pipeline.webp({ quality }),
  "image/avif": (pipeline, quality) => pipeline.avif({ quality }),
  "image/gif": (pipeline) => pipeline.gif(),
};

/** The image encoded as `options` asks, and its content type. */
export async function encode(raster: Raster, options: OutputOptions): Promise<{ bytes: Buffer; contentType: string }> {
  const encoder = ENCODERS[options.format];
  if (options.format === "rgb" || options.format === "rgba") throw unsupported("RGB and RGBA output are not supported by Outpost's local Images binding");
  if (encoder === undefined) throw badRequest(`output format must be one of ${Object.keys(ENCODERS).join(", ")} (got ${JSON.stringify(options.format)})`);
  if (options.quality !== undefined && !(options.quality >= 1 && options.quality <= 100)) {
    throw badRequest(`output quality must be from 1 to 100 (got ${options.quality})`);
  }
  let pipeline = pipelineOf(raster);
  if (OPAQUE_FORMATS.has(options.format) || options.background !== undefined) pipeline = pipeline.flatten({ background: options.background ?? "#ffffff" });
  return { bytes: await encoder(pipeline, options.quality === undefined ? undefined : Math.round(options.quality)).toBuffer(), contentType: options.format };
}
