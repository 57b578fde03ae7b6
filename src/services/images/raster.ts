import sharp, { type Sharp } from "sharp";
import { notAnImage } from "./errors.js";

/** An image's decoded pixels, kept between transforms so each one applies to the result of the last. */
export interface Raster {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * Decodes an encoded image (its first frame, if animated), rotated as its EXIF orientation says,
 * and `then` processed on the way, when given.
 */
export async function decode(bytes: Uint8Array, then: (pipeline: Sharp) => Sharp = (pipeline) => pipeline): Promise<Raster> {
  let pipeline: Sharp;
  try {
    pipeline = sharp(bytes).autoOrient();
    await pipeline.metadata();
  } catch {
    throw notAnImage();
  }
  return rasterOf(then(pipeline));
}

/** A pipeline over `raster`'s pixels, for the next operation. */
export function pipelineOf(raster: Raster): Sharp {
  return sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: raster.channels } });
}

/** Runs `pipeline` to pixels. */
export async function rasterOf(pipeline: Sharp): Promise<Raster> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}
