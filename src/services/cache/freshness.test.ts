import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keeping } from "./freshness.js";

const NOW = Date.parse("2026-12-07T12:00:00Z");

describe("Cache API: what put() keeps", () => {
  it("a quoted private= list may hold commas: each field it names is dropped, the rest kept", () => {
    const kept = keeping(200, [["Cache-Control", 'max-age=60, private="Set-Cookie, X-User"'], ["Set-Cookie", "a=1"], ["X-User", "ann"], ["X-Shared", "yes"]], NOW);
    assert.deepEqual(kept, { headers: [["Cache-Control", 'max-age=60, private="Set-Cookie, X-User"'], ["X-Shared", "yes"]], expiresAt: NOW + 60_000 });
  });

  it("Expires counts from the response's Date, not from when it is put", () => {
    const headers: [string, string][] = [["Date", "Mon, 07 Dec 2026 11:00:00 GMT"], ["Expires", "Mon, 07 Dec 2026 11:10:00 GMT"]];
    assert.equal(keeping(200, headers, NOW)?.expiresAt, NOW + 600_000);
  });

  it("an Expires that is no date is already expired, and a max-age that is no number is ignored", () => {
    assert.equal(keeping(200, [["Expires", "soon"]], NOW), undefined);
    assert.equal(keeping(200, [["Cache-Control", "max-age=ten"]], NOW)?.expiresAt, NOW + 7_200_000);
  });
});
