import sharp, { type FitEnum, type Sharp } from "sharp";
import { badRequest, unsupported } from "./errors.js";
import { numberOption, stringOption } from "./options.js";
import { pipelineOf, rasterOf, type Raster } from "./raster.js";

/** One `.transform({...})` of the binding, as the worker wrote it. */
export type ImageTransform = Record<string, unknown>;

/** A `fit` mode as sharp's resize options. */
interface Fit {
  fit: keyof FitEnum;
  withoutEnlargement: boolean;
}

/** Cloudflare's `fit` modes; `crop` never enlarges, as `scale-down` never does. */
const FITS: Readonly<Record<string, Fit>> = {
  "scale-down": { fit: "inside", withoutEnlargement: true },
  contain: { fit: "inside", withoutEnlargement: false },
  cover: { fit: "cover", withoutEnlargement: false },
  crop: { fit: "cover", withoutEnlargement: true },
  pad: { fit: "contain", withoutEnlargement: false },
  squeeze: { fit: "fill", withoutEnlargement: false },
};

/** Cloudflare's named gravities, as sharp's cover positions. */
const GRAVITIES: Readonly<Record<string, string | number>> = {
  center: "centre",
  top: "top",
  bottom: "bottom",
  left: "left",
  right: "right",
  auto: sharp.strategy.attention,
  face: sharp.strategy.attention,
  entropy: sharp.strategy.entropy,
};

/** Without `fit`, width and height resize as wrangler's local Images binding does. */
const DEFAULT_FIT = "contain";

/** Options that need Cloudflare's AI models or its network, which a local binding cannot offer. */
const REMOTE_ONLY = ["segment"];

/**
 * Applies one transform to `raster`, in Cloudflare's order: flip, rotate (so `width` and `height`
 * are of the rotated image), trim, resize, colour adjustments, blur, sharpen, border.
 */
export async function applyTransform(raster: Raster, transform: ImageTransform): Promise<Raster> {
  for (const option of REMOTE_ONLY) {
    if (transform[option] !== undefined) throw unsupported(`The ${option} option is not supported by Outpost's local Images binding`);
  }
  let image = raster;
  image = await step(image, transform.flip !== undefined, (pipeline) => flipped(pipeline, transform.flip));
  image = await step(image, transform.rotate !== undefined && transform.rotate !== 0, (pipeline) => pipeline.rotate(quarterTurn(transform.rotate)));
  image = await step(image, transform.trim !== undefined, (pipeline, current) => trimmed(pipeline, current, transform.trim));
  image = await step(image, transform.width !== undefined || transform.height !== undefined, (pipeline, current) => resized(pipeline, current, transform));
  image = await step(image, hasAdjustments(transform), (pipeline) => adjusted(pipeline, transform));
  if (transform.gamma !== undefined) image = withGamma(image, numberOption(transform, "gamma"));
  image = await step(image, transform.blur !== undefined, (pipeline) => pipeline.blur(Math.max(0.3, numberOption(transform, "blur") / 2)));
  image = await step(image, transform.sharpen !== undefined, (pipeline) => pipeline.sharpen({ sigma: 0.5 + numberOption(transform, "sharpen") / 2 }));
  image = await step(image, transform.border !== undefined, (pipeline) => bordered(pipeline, transform.border));
  if (transform.background !== undefined && transform.fit !== "pad") image = await rasterOf(pipelineOf(image).flatten({ background: stringOption(transform, "background") }));
  return image;
}

/** Each step runs on its own, so one transform's operations happen in order rather than in sharp's. */
async function step(raster: Raster, wanted: boolean, operation: (pipeline: Sharp, raster: Raster) => Sharp): Promise<Raster> {
  return wanted ? rasterOf(operation(pipelineOf(raster), raster)) : raster;
}

function flipped(pipeline: Sharp, flip: unknown): Sharp {
  if (flip !== "h" && flip !== "v" && flip !== "hv") throw badRequest(`flip must be "h", "v" or "hv" (got ${JSON.stringify(flip)})`);
  return pipeline.flop(flip.includes("h")).flip(flip.includes("v"));
}

function quarterTurn(rotate: unknown): number {
  if (rotate !== 90 && rotate !== 180 && rotate !== 270) throw badRequest(`rotate must be 0, 90, 180 or 270 (got ${JSON.stringify(rotate)})`);
  return rotate;
}

function trimmed(pipeline: Sharp, raster: Raster, trim: unknown): Sharp {
  if (trim === "border") return pipeline.trim();
  if (typeof trim !== "object" || trim === null) throw badRequest(`trim must be "border" or an object of edges (got ${JSON.stringify(trim)})`);
  const edges = trim as Record<string, unknown>;
  const left = edgeOf(edges, "left");
  const top = edgeOf(edges, "top");
  const width = edges.width === undefined ? raster.width - left - edgeOf(edges, "right") : edgeOf(edges, "width");
  const height = edges.height === undefined ? raster.height - top - edgeOf(edges, "bottom") : edgeOf(edges, "height");
  if (width < 1 || height < 1 || left + width > raster.width || top + height > raster.height) throw badRequest("trim leaves no image");
  return pipeline.extract({ left, top, width, height });
}

function edgeOf(edges: Record<string, unknown>, name: string): number {
  return edges[name] === undefined ? 0 : Math.round(numberOption(edges, name));
}

/** Options a resize on its own may have, which can then be done as the image is decoded. */
const RESIZE_OPTIONS = new Set(["width", "height", "fit", "gravity", "dpr"]);

/** Whether `transform` only resizes, about a named gravity: sharp can then shrink a JPEG as it decodes it. */
export function isPlainResize(transform: ImageTransform): boolean {
  const keys = Object.keys(transform);
  return keys.length > 0 && keys.every((key) => RESIZE_OPTIONS.has(key)) && typeof transform.gravity !== "object";
}

function resized(pipeline: Sharp, raster: Raster, transform: ImageTransform): Sharp {
  const gravity = transform.gravity;
  if (typeof gravity === "object" && gravity !== null && fitOf(transform).fit === "cover") {
    return coverAround(pipeline, raster, dimension(transform, "width"), dimension(transform, "height"), gravity as Record<string, unknown>);
  }
  return withResize(pipeline, transform);
}

function fitOf(transform: ImageTransform): Fit {
  const fitName = transform.fit === undefined ? DEFAULT_FIT : stringOption(transform, "fit");
  const fit = FITS[fitName];
  if (fit === undefined) throw badRequest(`fit must be one of ${Object.keys(FITS).join(", ")} (got ${JSON.stringify(fitName)})`);
  return fit;
}

/** `width` or `height` in pixels: times `dpr`, when given. */
function dimension(transform: ImageTransform, name: "width" | "height"): number | undefined {
  const dpr = transform.dpr === undefined ? 1 : numberOption(transform, "dpr");
  return transform[name] === undefined ? undefined : Math.round(numberOption(transform, name) * dpr);
}

/** `pipeline` resized as `transform` asks, about a named gravity. */
export function withResize(pipeline: Sharp, transform: ImageTransform): Sharp {
  const gravity = transform.gravity;
  const position = gravity === undefined ? "centre" : GRAVITIES[String(gravity)];
  if (position === undefined) throw badRequest(`gravity must be one of ${Object.keys(GRAVITIES).join(", ")} or {x, y} (got ${JSON.stringify(gravity)})`);
  return pipeline.resize({
    width: dimension(transform, "width"),
    height: dimension(transform, "height"),
    ...fitOf(transform),
    position,
    background: transform.background === undefined ? "#ffffff" : stringOption(transform, "background"),
  });
}

/** `cover` about a focal point `{x, y}`, each from 0 to 1: the crop is centred on it as far as the edges allow. */
function coverAround(pipeline: Sharp, raster: Raster, width: number | undefined, height: number | undefined, point: Record<string, unknown>): Sharp {
  const targetWidth = width ?? height ?? raster.width;
  const targetHeight = height ?? width ?? raster.height;
  const scale = Math.max(targetWidth / raster.width, targetHeight / raster.height);
  const scaledWidth = Math.max(targetWidth, Math.round(raster.width * scale));
  const scaledHeight = Math.max(targetHeight, Math.round(raster.height * scale));
  const x = point.x === undefined ? 0.5 : numberOption(point, "x");
  const y = point.y === undefined ? 0.5 : numberOption(point, "y");
  const left = Math.min(Math.max(Math.round(x * scaledWidth - targetWidth / 2), 0), scaledWidth - targetWidth);
  const top = Math.min(Math.max(Math.round(y * scaledHeight - targetHeight / 2), 0), scaledHeight - targetHeight);
  return pipeline.resize({ width: scaledWidth, height: scaledHeight, fit: "fill" }).extract({ left, top, width: targetWidth, height: targetHeight });
}

function hasAdjustments(transform: ImageTransform): boolean {
  return transform.brightness !== undefined || transform.saturation !== undefined || transform.contrast !== undefined;
}

/** `brightness` and `saturation` scale as factors (1 leaves the image as it is); `contrast` stretches about mid-grey. */
function adjusted(pipeline: Sharp, transform: ImageTransform): Sharp {
  const brightness = transform.brightness === undefined ? 1 : numberOption(transform, "brightness");
  const saturation = transform.saturation === undefined ? 1 : numberOption(transform, "saturation");
  const contrast = transform.contrast === undefined ? 1 : numberOption(transform, "contrast");
  return pipeline.modulate({ brightness, saturation }).linear(contrast, 128 * (1 - contrast));
}

/** Gamma above 1 lightens and below 1 darkens, as Cloudflare's does; alpha is left alone. */
function withGamma(raster: Raster, gamma: number): Raster {
  if (!(gamma > 0)) throw badRequest(`gamma must be a positive number (got ${gamma})`);
  const table = Uint8Array.from({ length: 256 }, (_, value) => Math.round(255 * (value / 255) ** (1 / gamma)));
  const colours = raster.channels === 2 || raster.channels === 4 ? raster.channels - 1 : raster.channels;
  const data = Buffer.from(raster.data);
  for (let i = 0; i < data.length; i++) if (i % raster.channels < colours) data[i] = table[data[i]!]!;
  return { ...raster, data };
}

function bordered(pipeline: Sharp, border: unknown): Sharp {
  if (typeof border !== "object" || border === null) throw badRequest(`border must be an object (got ${JSON.stringify(border)})`);
  const options = border as Record<string, unknown>;
  const all = options.width === undefined ? 0 : Math.round(numberOption(options, "width"));
  const edge = (name: string) => (options[name] === undefined ? all : Math.round(numberOption(options, name)));
  const background = options.color === undefined ? "#000000" : stringOption(options, "color");
  return pipeline.extend({ top: edge("top"), bottom: edge("bottom"), left: edge("left"), right: edge("right"), background });
}
