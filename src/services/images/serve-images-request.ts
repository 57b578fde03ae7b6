import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { refuseUnknownCall } from "../../runtime/index.js";
import { ImagesError } from "./errors.js";
import { imageInfo } from "./image-info.js";
import { transformRequest } from "./transform-request.js";

/**
 * Answers the Images binding's two calls, each a multipart form: `POST /info` of an image, and
 * `POST /transform` of the images, steps and output options of an `output()`. A failure the
 * worker should see is answered as Cloudflare does, `ERROR <code>: <message>` with the code in
 * the `cf-images-binding` header, which the binding turns into `IMAGES_<CALL>_ERROR …`.
 */
export async function serveImagesRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== "POST" || (request.url !== "/info" && request.url !== "/transform")) return refuseUnknownCall("Images", request, response);
  const form = await formOf(request);
  try {
    if (request.url === "/info") {
      const image = form.get("image");
      const bytes = image instanceof Blob ? new Uint8Array(await image.arrayBuffer()) : new Uint8Array();
      const info = await imageInfo(bytes);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(info));
    } else {
      const { bytes, contentType } = await transformRequest(form);
      response.writeHead(200, { "content-type": contentType, "content-length": bytes.length }).end(bytes);
    }
  } catch (error) {
    if (!(error instanceof ImagesError)) throw error;
    response
      .writeHead(error.status, { "content-type": "text/plain", "cf-images-binding": `err=${error.imagesCode}` })
      .end(`ERROR ${error.imagesCode}: ${error.message}`);
  }
}

function formOf(request: IncomingMessage): Promise<FormData> {
  const body = Readable.toWeb(request) as ReadableStream<Uint8Array>;
  const headers = { "content-type": String(request.headers["content-type"] ?? "") };
  return new Request("http://images/", { method: "POST", headers, body, duplex: "half" } as RequestInit).formData();
}
