import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { conditionsHold } from "./conditions.js";

const object = { etag: "abc", uploaded: new Date(10_500) };

describe("conditionsHold", () => {
  it("conditionsHold: no conditions always hold", () => {
    assert.equal(conditionsHold(undefined, object), true);
    assert.equal(conditionsHold({}, null), true);
  });

  it("conditionsHold: If-Match compares strongly, with * matching any object", () => {
    assert.equal(conditionsHold({ etagMatches: ["abc"] }, object), true);
    assert.equal(conditionsHold({ etagMatches: ["x", "abc"] }, object), true);
    assert.equal(conditionsHold({ etagMatches: ["W/abc"] }, object), false);
    assert.equal(conditionsHold({ etagMatches: ["*"] }, object), true);
    assert.equal(conditionsHold({ etagMatches: ["x"] }, object), false);
  });

  it("conditionsHold: If-None-Match compares weakly", () => {
    assert.equal(conditionsHold({ etagDoesNotMatch: ["W/abc"] }, object), false);
    assert.equal(conditionsHold({ etagDoesNotMatch: ["abc"] }, object), false);
    assert.equal(conditionsHold({ etagDoesNotMatch: ["*"] }, object), false);
    assert.equal(conditionsHold({ etagDoesNotMatch: ["x"] }, object), true);
  });

  it("conditionsHold: dates, in milliseconds or whole seconds", () => {
    assert.equal(conditionsHold({ uploadedBefore: new Date(10_499) }, object), false);
    assert.equal(conditionsHold({ uploadedBefore: new Date(10_500) }, object), true);
    assert.equal(conditionsHold({ uploadedAfter: new Date(10_499) }, object), true);
    assert.equal(conditionsHold({ uploadedAfter: new Date(10_500) }, object), false);
    assert.equal(conditionsHold({ uploadedBefore: new Date(10_000), secondsGranularity: true }, object), true);
    assert.equal(conditionsHold({ uploadedAfter: new Date(10_000), secondsGranularity: true }, object), false);
    assert.equal(conditionsHold({ uploadedAfter: new Date(9_999), secondsGranularity: true }, object), true);
  });

  it("conditionsHold: a passing etag condition makes the matching date condition irrelevant (RFC 7232 §6)", () => {
    assert.equal(conditionsHold({ etagMatches: ["abc"], uploadedBefore: new Date(0) }, object), true);
    assert.equal(conditionsHold({ etagDoesNotMatch: ["x"], uploadedAfter: new Date(99_999) }, object), true);
    assert.equal(conditionsHold({ etagMatches: ["abc"], uploadedAfter: new Date(99_999) }, object), false);
  });

  it("conditionsHold: a missing object fails only If-Match and If-Modified-Since", () => {
    assert.equal(conditionsHold({ etagMatches: ["*"] }, null), false);
    assert.equal(conditionsHold({ uploadedAfter: new Date(0) }, null), false);
    assert.equal(conditionsHold({ etagDoesNotMatch: ["*"] }, null), true);
    assert.equal(conditionsHold({ uploadedBefore: new Date(0) }, null), true);
  });
});
