import sharp from "sharp";
import { applyTransform, isPlainResize, withResize, type ImageTransform } from "./apply-transform.js";
import { draw, type DrawOptions } from "./draw.js";
import { encode } from "./encode.js";
import { badRequest } from "./errors.js";
import { decode, rasterOf, type Raster } from "./raster.js";

/**
 * One step of `.transform()`s and `.draw()`s as the binding lists them: a transform of image
 * `imageIndex`, or a draw of image `drawImageIndex` on image `targetImageIndex`. Image 0 is the
 * canvas; the images drawn are numbered from 1 in the order the binding sent them.
 */
type Step = { kind: "transform"; imageIndex: number; transform: ImageTransform } | { kind: "draw"; drawImageIndex: number; targetImageIndex: number; options: DrawOptions };

/** A `text()` source: what to write, and how. */
interface TextSource {
  text: string;
  size?: number;
  color?: string;
}

/**
 * Runs the binding's `output()` request: decodes every image, applies the steps in order, and
 * encodes the canvas. A first step that only resizes the canvas is done as it is decoded.
 */
export async function transformRequest(form: FormData): Promise<{ bytes: Buffer; contentType: string }> {
  const [first, ...rest] = steps(form.get("transforms"));
  const resizeOnLoad = first?.kind === "transform" && first.imageIndex === 0 && isPlainResize(first.transform) ? first.transform : undefined;
  const canvas = await sourceImage(form.get("image") ?? undefined, form.get("text_input") ?? undefined, resizeOnLoad);
  const drawn = await Promise.all(
    [...form.entries()].filter(([name]) => name === "draw_image" || name === "draw_text").map(([name, value]) => (name === "draw_image" ? sourceImage(value, undefined) : sourceImage(undefined, value))),
  );
  const images = [canvas, ...drawn];
  for (const step of resizeOnLoad === undefined && first !== undefined ? [first, ...rest] : rest) {
    if (step.kind === "draw") {
      images[step.targetImageIndex] = await draw(imageAt(images, step.targetImageIndex), imageAt(images, step.drawImageIndex), step.options);
    } else {
      images[step.imageIndex] = await applyTransform(imageAt(images, step.imageIndex), step.transform);
    }
  }
  const quality = form.get("output_quality");
  const background = form.get("background");
  return encode(images[0]!, {
    format: String(form.get("output_format") ?? ""),
    ...(typeof quality === "string" && { quality: Number(quality) }),
    ...(typeof background === "string" && { background }),
  });
}

async function sourceImage(file: FormDataEntryValue | undefined, text: FormDataEntryValue | undefined, resize?: ImageTransform): Promise<Raster> {
  if (file instanceof Blob) return decode(new Uint8Array(await file.arrayBuffer()), resize && ((pipeline) => withResize(pipeline, resize)));
  if (typeof text === "string") return applyTransform(await rendered(JSON.parse(text) as TextSource), resize ?? {});
  throw badRequest("Expected an image or text to start from");
}

/** Text drawn with the default font, `size` in pixels (16 if not given) and `color` (black if not given). */
async function rendered(source: TextSource): Promise<Raster> {
  const escaped = source.text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const points = Math.round((source.size ?? 16) * 0.75 * 1024);
  const markup = `<span foreground="${source.color ?? "#000000"}" size="${points}">${escaped}</span>`;
  return rasterOf(sharp({ text: { text: markup, rgba: true } }));
}

function steps(transforms: FormDataEntryValue | null): Step[] {
  if (typeof transforms !== "string") return [];
  const parsed = JSON.parse(transforms) as unknown;
  if (!Array.isArray(parsed)) throw badRequest("Expected a JSON array of transforms");
  return parsed.map((entry: Record<string, unknown>) => {
    const { imageIndex, drawImageIndex, targetImageIndex, ...rest } = entry;
    if (drawImageIndex === undefined) return { kind: "transform", imageIndex: indexOf(imageIndex ?? 0), transform: rest };
    return { kind: "draw", drawImageIndex: indexOf(drawImageIndex), targetImageIndex: indexOf(targetImageIndex ?? 0), options: rest };
  });
}

function indexOf(value: unknown): number {
  if (!Number.isInteger(value)) throw badRequest(`Expected an image index (got ${JSON.stringify(value)})`);
  return value as number;
}

function imageAt(images: readonly Raster[], index: number): Raster {
  const image = images[index];
  if (image === undefined) throw badRequest(`No image ${index} to transform or draw`);
  return image;
}
