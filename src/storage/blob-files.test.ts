import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { BlobFiles } from "./blob-files.js";

describe("BlobFiles", () => {
  it("sweep: removes a temp file left by an earlier process with this pid, keeps this process's draft", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "outpost-blob-files-"));
    const files = new BlobFiles(dir);
    try {
      const draft = await files.draft();
      await draft.write(Buffer.from("in progress"));
      const predecessor = `${process.pid}-00000000-${"ab".repeat(16)}`;
      await writeFile(path.join(dir, "tmp", predecessor), "left by a crash");
      files.sweep(() => true);
      const left = await readdir(path.join(dir, "tmp"));
      assert.equal(left.length, 1);
      assert.ok(left[0]!.endsWith(draft.id), "this process's draft is kept");
      await draft.discard();
    } finally {
      files.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
