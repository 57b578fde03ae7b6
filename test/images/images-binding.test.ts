import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { fixturesDir, OutpostDev } from "../helpers/outpost-cli.js";

/** A solid image of `color`, encoded as `format`. */
/** An encoded image as fetch() sends it. */
type Bytes = Uint8Array<ArrayBuffer>;

async function solid(width: number, height: number, color: string, format: "png" | "jpeg" = "png"): Promise<Bytes> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 4, background: color } })[format]().toBuffer());
}

/** The RGBA value of the pixel at `x`, `y` of an encoded image. */
async function pixel(image: Bytes, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * 4;
  return [...data.subarray(at, at + 4)];
}

describe("Images: the images binding, local", () => {
  let dev: OutpostDev;
  before(async () => {
    dev = await OutpostDev.start([path.join(fixturesDir, "images")]);
  });
  after(() => dev.kill());

  const post = (pathname: string, body: BodyInit) => dev.fetch(pathname, { method: "POST", body });
  const transformed = async (image: Bytes, transforms: object[], format: string, quality?: number) => {
    const query = new URLSearchParams({ t: JSON.stringify(transforms), format, ...(quality !== undefined && { quality: String(quality) }) });
    const response = await post(`/transform?${query}`, image);
    assert.equal(response.status, 200, await response.clone().text());
    return { contentType: response.headers.get("content-type"), bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  it("info(): format, fileSize, width and height; an SVG has its format only", async () => {
    const png = await solid(40, 30, "#ff0000");
    assert.deepEqual(await (await post("/info", png)).json(), { format: "image/png", fileSize: png.length, width: 40, height: 30 });
    const jpeg = await solid(8, 6, "#00ff00", "jpeg");
    assert.deepEqual(await (await post("/info", jpeg)).json(), { format: "image/jpeg", fileSize: jpeg.length, width: 8, height: 6 });
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    assert.deepEqual(await (await post("/info", svg)).json(), { format: "image/svg+xml" });
  });

  it("info() of what is no image: IMAGES_INFO_ERROR 9412", async () => {
    const response = await post("/info", "plain text, no image");
    assert.equal(response.status, 422);
    assert.deepEqual(await response.json(), { message: "IMAGES_INFO_ERROR 9412: Unsupported image type", code: 9412 });
  });

  it("transform() then output(): resized, re-encoded, with the format's content type", async () => {
    const image = await solid(200, 100, "#336699");
    for (const [format, sharpFormat] of [["image/webp", "webp"], ["image/jpeg", "jpeg"], ["image/png", "png"], ["image/avif", "heif"], ["image/gif", "gif"]]) {
      const { contentType, bytes } = await transformed(image, [{ width: 50 }], format!);
      assert.equal(contentType, format);
      const metadata = await sharp(bytes).metadata();
      assert.deepEqual([metadata.format, metadata.width, metadata.height], [sharpFormat, 50, 25], format);
    }
  });

  it("fit: scale-down never enlarges, contain does, cover and squeeze fill the box, pad fills it with the background", async () => {
    const image = await solid(100, 50, "#ff0000");
    const size = async (transform: object) => {
      const { bytes } = await transformed(image, [transform], "image/png");
      const { width, height } = await sharp(bytes).metadata();
      return [width, height];
    };
    assert.deepEqual(await size({ width: 400, height: 400, fit: "scale-down" }), [100, 50]);
    assert.deepEqual(await size({ width: 400, height: 400, fit: "contain" }), [400, 200]);
    assert.deepEqual(await size({ width: 40, height: 40, fit: "cover" }), [40, 40]);
    assert.deepEqual(await size({ width: 40, height: 10, fit: "squeeze" }), [40, 10]);
    assert.deepEqual(await size({ width: 50, height: 50, fit: "crop" }), [50, 50]);
    const { bytes } = await transformed(image, [{ width: 60, height: 60, fit: "pad", background: "#0000ff" }], "image/png");
    assert.deepEqual(await pixel(bytes, 30, 2), [0, 0, 255, 255]);
    assert.deepEqual(await pixel(bytes, 30, 30), [255, 0, 0, 255]);
  });

  it("transforms apply in order: rotate first turns the box that width then fits", async () => {
    const image = await solid(100, 50, "#ff0000");
    const { bytes } = await transformed(image, [{ rotate: 90 }, { width: 25 }], "image/png");
    const { width, height } = await sharp(bytes).metadata();
    assert.deepEqual([width, height], [25, 50]);
  });

  it("adjustments: saturation 0 makes grey, brightness scales, flip mirrors, blur softens an edge, border adds pixels", async () => {
    const red = await solid(20, 20, "#ff0000");
    const grey = await pixel((await transformed(red, [{ saturation: 0 }], "image/png")).bytes, 5, 5);
    assert.equal(grey[0], grey[1]);
    assert.equal(grey[1], grey[2]);
    const darker = await pixel((await transformed(red, [{ brightness: 0.5 }], "image/png")).bytes, 5, 5);
    assert.ok(darker[0]! < 200 && darker[0]! > 60, `brightness 0.5 of 255 gave ${darker[0]}`);
    const halves = new Uint8Array(
      await sharp({ create: { width: 20, height: 10, channels: 3, background: "#ff0000" } })
        .composite([{ input: Buffer.from(await solid(10, 10, "#0000ff")), left: 0, top: 0 }])
        .png()
        .toBuffer(),
    );
    const flipped = (await transformed(halves, [{ flip: "h" }], "image/png")).bytes;
    assert.deepEqual(await pixel(flipped, 2, 5), [255, 0, 0, 255]);
    assert.deepEqual(await pixel(flipped, 17, 5), [0, 0, 255, 255]);
    const blurred = await pixel((await transformed(halves, [{ blur: 10 }], "image/png")).bytes, 10, 5);
    assert.ok(blurred[0]! > 40 && blurred[2]! > 40, `the edge blends: ${blurred}`);
    const framed = (await transformed(red, [{ border: { color: "#00ff00", width: 3 } }], "image/png")).bytes;
    assert.deepEqual([(await sharp(framed).metadata()).width, await pixel(framed, 1, 1)], [26, [0, 255, 0, 255]]);
  });

  it("output quality: a lower JPEG quality makes a smaller file; a quality out of range is refused", async () => {
    const pixels = Buffer.from(Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 7919) % 256));
    const noisy = new Uint8Array(await sharp(pixels, { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer());
    const low = await transformed(noisy, [], "image/jpeg", 10);
    const high = await transformed(noisy, [], "image/jpeg", 95);
    assert.ok(low.bytes.length < high.bytes.length, `${low.bytes.length} < ${high.bytes.length}`);
    const response = await post(`/transform?${new URLSearchParams({ format: "image/jpeg", quality: "0" })}`, noisy);
    assert.deepEqual(await response.json(), { message: "IMAGES_TRANSFORM_ERROR 9523: output quality must be from 1 to 100 (got 0)", code: 9523 });
  });

  it("draw(): overlays are placed, faded and tiled on the canvas, the drawn transformer transformed first", async () => {
    const form = new FormData();
    form.append("canvas", new Blob([await solid(40, 40, "#ffffff")]), "canvas.png");
    form.append("overlay", new Blob([await solid(20, 20, "#0000ff")]), "overlay.png");
    form.append("strip", new Blob([await solid(4, 4, "#000000")]), "strip.png");
    const response = await dev.fetch("/watermark", { method: "POST", body: form });
    assert.equal(response.status, 200, await response.clone().text());
    const image = new Uint8Array(await response.arrayBuffer());
    const [r, g, b] = await pixel(image, 5, 5);
    assert.ok(r! > 100 && r! < 160 && g! > 100 && g! < 160 && b === 255, `half-opaque blue on white: ${[r, g, b]}`);
    assert.deepEqual(await pixel(image, 15, 15), [255, 255, 255, 255], "the overlay was resized to 10 pixels first");
    assert.deepEqual(await pixel(image, 1, 38), [0, 0, 0, 255]);
    assert.deepEqual(await pixel(image, 38, 38), [0, 0, 0, 255], "the strip repeats along the bottom");
    assert.deepEqual(await pixel(image, 20, 30), [255, 255, 255, 255]);
  });

  it("text(): writes on the image", async () => {
    const canvas = await solid(40, 20, "#000000");
    const response = await post("/text", canvas);
    assert.equal(response.status, 200, await response.clone().text());
    const { data } = await sharp(await response.arrayBuffer()).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    assert.ok(data.some((value) => value > 128), "some pixels are light");
  });

  it("bad input: an unknown fit, a rotation that is no quarter turn and a format Cloudflare lacks name what is wrong", async () => {
    const image = await solid(10, 10, "#ff0000");
    const failure = async (transforms: object[], format = "image/png") =>
      (await post(`/transform?${new URLSearchParams({ t: JSON.stringify(transforms), format })}`, image)).json();
    assert.deepEqual(await failure([{ width: 5, fit: "stretch" }]), {
      message: 'IMAGES_TRANSFORM_ERROR 9523: fit must be one of scale-down, contain, cover, crop, pad, squeeze (got "stretch")',
      code: 9523,
    });
    assert.deepEqual(await failure([{ rotate: 45 }]), { message: "IMAGES_TRANSFORM_ERROR 9523: rotate must be 0, 90, 180 or 270 (got 45)", code: 9523 });
    assert.deepEqual(await failure([], "image/bmp"), {
      message: 'IMAGES_TRANSFORM_ERROR 9523: output format must be one of image/jpeg, image/png, image/webp, image/avif, image/gif (got "image/bmp")',
      code: 9523,
    });
    assert.deepEqual(await failure([], "rgb"), {
      message: "IMAGES_TRANSFORM_ERROR 9520: RGB and RGBA output are not supported by Outpost's local Images binding",
      code: 9520,
    });
  });
});
