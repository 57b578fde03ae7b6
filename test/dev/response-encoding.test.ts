import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, describe, it } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { TempProjects } from "../../src/config/temp-projects.js";
import { withDev, type OutpostDev } from "../helpers/outpost-cli.js";

const PAGE = "<p>" + "compressible ".repeat(50) + "</p>";

const WORKER = `export default {
  fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/accept-encoding") return new Response(request.headers.get("Accept-Encoding"));
    if (path === "/png") return new Response(${JSON.stringify(PAGE)}, { headers: { "Content-Type": "image/png" } });
    return new Response(${JSON.stringify(PAGE)}, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  },
};
`;

interface RawResponse {
  status: number;
  encoding: string | undefined;
  body: Buffer;
}

/** A GET with exactly the headers given (fetch() adds its own Accept-Encoding), its body as sent. */
function rawGet(dev: OutpostDev, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, dev.url), { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, encoding: response.headers["content-encoding"], body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

describe("outpost dev: a response is encoded for the client as Cloudflare's edge encodes it", () => {
  const projects = new TempProjects();
  after(() => projects.removeAll());

  function project(compatibilityDate: string): string {
    return projects.create({
      "wrangler.jsonc": JSON.stringify({ name: "encoded", main: "src/index.js", compatibility_date: compatibilityDate }),
      "src/index.js": WORKER,
    });
  }

  it("response encoding: gzip or br as the client's Accept-Encoding prefers, for a type the edge compresses; the worker is asked for br, gzip", async () => {
    await withDev([], async (dev) => {
      const gzip = await rawGet(dev, "/", { "Accept-Encoding": "gzip, deflate, br" });
      assert.equal(gzip.encoding, "gzip");
      assert.equal(gunzipSync(gzip.body).toString(), PAGE);

      const br = await rawGet(dev, "/", { "Accept-Encoding": "gzip;q=0.5, br" });
      assert.equal(br.encoding, "br");
      assert.equal(brotliDecompressSync(br.body).toString(), PAGE);

      const none = await rawGet(dev, "/", {});
      assert.deepEqual([none.encoding, none.body.toString()], [undefined, PAGE]);

      const png = await rawGet(dev, "/png", { "Accept-Encoding": "gzip" });
      assert.deepEqual([png.encoding, png.body.toString()], [undefined, PAGE]);

      const refused = await rawGet(dev, "/", { "Accept-Encoding": "identity;q=0, deflate" });
      assert.deepEqual([refused.status, refused.body.toString()], [415, "Unsupported Media Type"]);

      const asked = await rawGet(dev, "/accept-encoding", { "Accept-Encoding": "deflate" });
      assert.equal(asked.body.toString(), "br, gzip");
    }, { cwd: project("2025-06-01") });
  });

  it("response encoding: before brotli_content_encoding's date, when workerd cannot encode br, a client that prefers br gets gzip", async () => {
    await withDev([], async (dev) => {
      const response = await rawGet(dev, "/", { "Accept-Encoding": "br, gzip;q=0.5" });
      assert.equal(response.encoding, "gzip");
      assert.equal(gunzipSync(response.body).toString(), PAGE);
    }, { cwd: project("2024-01-01") });
  });
});
