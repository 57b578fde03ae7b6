import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { copyFixture } from "../helpers/fixture-copy.js";
import { OutpostDev, runOutpost, succeeded } from "../helpers/outpost-cli.js";
import { r2Call, r2Object } from "./r2-client.js";
import { rm } from "node:fs/promises";

describe("R2 event notifications", () => {
  it("notifications: binding writes and deletes reach the queue's consumer in R2's message shape", async () => {
    const project = await copyFixture("r2");
    const r2 = (...args: string[]) => succeeded(runOutpost(["r2", ...args, "-c", project]));
    await r2("bucket", "create", "fixture-bucket");
    await r2("bucket", "notification", "create", "fixture-bucket", "--event-type", "object-create", "object-delete", "--queue", "r2-events", "--prefix", "uploads/");
    const dev = await OutpostDev.start([project]);
    try {
      const put = await r2Object(dev, "put", ["uploads/cat.png", "meow"]);
      await r2Object(dev, "put", ["elsewhere/dog.png", "woof"]);
      await r2Call(dev, "delete", ["uploads/cat.png"]);
      const created = JSON.parse((await dev.waitForOutput(/r2-event (\{"account"[^\n]*"PutObject"[^\n]*\})/))[1]!) as Record<string, unknown>;
      assert.deepEqual({ ...created, eventTime: undefined }, {
        account: "outpost",
        action: "PutObject",
        bucket: "fixture-bucket",
        object: { key: "uploads/cat.png", size: 4, eTag: put.etag },
        eventTime: undefined,
      });
      assert.ok(Math.abs(Date.parse(created.eventTime as string) - Date.now()) < 60_000);
      const deleted = JSON.parse((await dev.waitForOutput(/r2-event (\{[^\n]*"DeleteObject"[^\n]*\})/))[1]!) as Record<string, unknown>;
      assert.deepEqual(deleted.object, { key: "uploads/cat.png" });
      assert.doesNotMatch(dev.output, /dog\.png/);

      const { uploadId } = (await r2Call(dev, "createMultipartUpload", ["uploads/video.mp4"])).result as { uploadId: string };
      const part = (await r2Call(dev, "upload.uploadPart", [{ key: "uploads/video.mp4", uploadId }, 1, "frames"])).result;
      const completed = await r2Object(dev, "upload.complete", [{ key: "uploads/video.mp4", uploadId }, [part]]);
      const multipart = JSON.parse((await dev.waitForOutput(/r2-event (\{[^\n]*"CompleteMultipartUpload"[^\n]*\})/))[1]!) as Record<string, unknown>;
      assert.deepEqual(multipart.object, { key: "uploads/video.mp4", size: 6, eTag: completed.etag });
    } finally {
      await dev.kill();
      await rm(project, { recursive: true, force: true });
    }
  });
});
