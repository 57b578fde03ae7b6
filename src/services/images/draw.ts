import sharp from "sharp";
import { badRequest } from "./errors.js";
import { numberOption } from "./options.js";
import { pipelineOf, rasterOf, type Raster } from "./raster.js";

/** A `.draw(image, options)`: where the drawn image goes on its target, and how opaque it is. */
export type DrawOptions = Record<string, unknown>;

/**
 * Draws `overlay` on `canvas`: placed by `top`/`left`/`bottom`/`right` (centred on an axis none of
 * them names), faded by `opacity`, tiled by `repeat` (`true`, `"x"` or `"y"`), and clipped to the canvas.
 */
export async function draw(canvas: Raster, overlay: Raster, options: DrawOptions): Promise<Raster> {
  const faded = options.opacity === undefined ? overlay : await withOpacity(overlay, numberOption(options, "opacity"));
  const placed = options.repeat === undefined || options.repeat === false ? faded : await tiled(faded, canvas, options.repeat);
  const left = offset(options, "left", "right", canvas.width, placed.width);
  const top = offset(options, "top", "bottom", canvas.height, placed.height);
  const visible = clipped(placed, left, top, canvas);
  if (visible === undefined) return canvas;
  const input = await pipelineOf(visible.raster).png().toBuffer();
  return rasterOf(pipelineOf(canvas).composite([{ input, left: visible.left, top: visible.top }]));
}

async function withOpacity(raster: Raster, opacity: number): Promise<Raster> {
  if (!(opacity >= 0 && opacity <= 1)) throw badRequest(`opacity must be from 0 to 1 (got ${opacity})`);
  const withAlpha = await rasterOf(pipelineOf(raster).ensureAlpha());
  const data = Buffer.from(withAlpha.data);
  for (let i = withAlpha.channels - 1; i < data.length; i += withAlpha.channels) data[i] = Math.round(data[i]! * opacity);
  return { ...withAlpha, data };
}

/** The overlay repeated across the canvas: both ways, or along one axis. */
async function tiled(overlay: Raster, canvas: Raster, repeat: unknown): Promise<Raster> {
  if (repeat !== true && repeat !== "x" && repeat !== "y") throw badRequest(`repeat must be true, "x" or "y" (got ${JSON.stringify(repeat)})`);
  const width = repeat === "y" ? overlay.width : canvas.width;
  const height = repeat === "x" ? overlay.height : canvas.height;
  const tile = await pipelineOf(overlay).png().toBuffer();
  const blank = sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } });
  return rasterOf(blank.composite([{ input: tile, tile: true, left: 0, top: 0 }]));
}

/** Where the overlay's near edge goes on one axis. */
function offset(options: DrawOptions, near: string, far: string, canvasSize: number, overlaySize: number): number {
  if (options[near] !== undefined) return Math.round(numberOption(options, near));
  if (options[far] !== undefined) return canvasSize - overlaySize - Math.round(numberOption(options, far));
  return Math.round((canvasSize - overlaySize) / 2);
}

/** The part of the overlay at `left`, `top` that lies on the canvas, and where it goes; `undefined` if none does. */
function clipped(overlay: Raster, left: number, top: number, canvas: Raster): { raster: Raster; left: number; top: number } | undefined {
  const x0 = Math.max(left, 0);
  const y0 = Math.max(top, 0);
  const x1 = Math.min(left + overlay.width, canvas.width);
  const y1 = Math.min(top + overlay.height, canvas.height);
  if (x1 <= x0 || y1 <= y0) return undefined;
  if (x0 === left && y0 === top && x1 - x0 === overlay.width && y1 - y0 === overlay.height) return { raster: overlay, left, top };
  const { channels } = overlay;
  const width = x1 - x0;
  const height = y1 - y0;
  const data = Buffer.alloc(width * height * channels);
  for (let row = 0; row < height; row++) {
    const from = ((y0 - top + row) * overlay.width + (x0 - left)) * channels;
    overlay.data.copy(data, row * width * channels, from, from + width * channels);
  }
  return { raster: { data, width, height, channels }, left: x0, top: y0 };
}
