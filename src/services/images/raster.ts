import sharp, { type Sharp } from "sharp";
import { notAnImage } from "./errors.js";

/** An image's decoded pixels, kept between transforms so each one applies to the result of the last. */
export interface Raster {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** Decodes an encoded image (its first frame, if animated), rotated as its EXIF orientation says. */
export async function decode(bytes: Uint8Array): Promise<Raster> {
  try {
    return await rasterOf(sharp(bytes).autoOrient());
  } catch {
    throw notAnImage();
  }
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
