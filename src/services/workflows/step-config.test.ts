import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileStepConfig, parseDuration, retryDelayMs } from "./step-config.js";

describe("step config", () => {
  it("parseDuration: numbers are ms and strings name a unit", () => {
    assert.equal(parseDuration(250), 250);
    assert.equal(parseDuration("1 second"), 1000);
    assert.equal(parseDuration("10 minutes"), 600_000);
    assert.equal(parseDuration("2 hours"), 7_200_000);
    assert.equal(parseDuration("1.5 days"), 129_600_000);
    assert.equal(parseDuration("1 year"), 31_557_600_000);
    assert.equal(parseDuration("750"), 750);
    assert.equal(parseDuration("100 millis"), 100, "a word that is no unit counts as ms, as in the Workflows engine");
    assert.equal(parseDuration("500 ms"), 500);
    assert.throws(() => parseDuration("soon"), /Invalid duration "soon"/);
    assert.throws(() => parseDuration("5s"), /Invalid duration "5s"/);
    assert.throws(() => parseDuration("-1 second"), /Invalid duration "-1 second"/);
  });

  it("compileStepConfig: fills in wrangler dev's defaults", () => {
    assert.deepEqual(compileStepConfig(undefined), { retries: { limit: 5, delay: 1000, backoff: "exponential" }, timeout: "10 minutes" });
    assert.deepEqual(compileStepConfig({ retries: { limit: 2, delay: "5 seconds" } }), {
      retries: { limit: 2, delay: "5 seconds", backoff: "exponential" },
      timeout: "10 minutes",
    });
  });

  it("compileStepConfig: refuses unknown keys and bad values", () => {
    assert.throws(() => compileStepConfig({ retry: {} }));
    assert.throws(() => compileStepConfig({ retries: { limit: -1, delay: 1 } }));
    assert.throws(() => compileStepConfig({ retries: { limit: 1, delay: 1, backoff: "random" } }));
    assert.throws(() => compileStepConfig({ timeout: 0 }));
  });

  it("retryDelayMs: each backoff", () => {
    const delays = (backoff: "constant" | "linear" | "exponential") => [1, 2, 3].map((n) => retryDelayMs({ limit: 3, delay: 100, backoff }, n));
    assert.deepEqual(delays("constant"), [100, 100, 100]);
    assert.deepEqual(delays("linear"), [100, 200, 300]);
    assert.deepEqual(delays("exponential"), [100, 200, 400]);
  });
});
