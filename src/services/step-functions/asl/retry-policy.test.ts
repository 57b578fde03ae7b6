import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findCatcher } from "./catch-policy.js";
import { decideRetry, errorMatches, retryDelayMs } from "./retry-policy.js";

describe("Retry and Catch policies", () => {
  const matches: [string[], string, boolean][] = [
    [["MyError"], "MyError", true],
    [["MyError"], "myerror", false],
    [["States.ALL"], "Lambda.Unknown", true],
    [["States.ALL"], "States.Timeout", true],
    [["States.ALL"], "States.Runtime", false],
    [["States.ALL"], "States.DataLimitExceeded", true],
    [["States.DataLimitExceeded"], "States.DataLimitExceeded", true],
    [["States.TaskFailed"], "States.DataLimitExceeded", false],
    [["States.TaskFailed"], "CustomError", true],
    [["States.TaskFailed"], "States.Timeout", false],
    [["States.TaskFailed"], "States.Runtime", false],
    [["States.Timeout"], "States.Timeout", true],
    [["States.Runtime"], "States.Runtime", true],
  ];
  for (const [equals, error, expected] of matches) {
    it(`ErrorEquals: ${JSON.stringify(equals)} ${expected ? "matches" : "does not match"} ${error}`, () => assert.equal(errorMatches(equals, error), expected));
  }

  it("Retry: defaults are 1 s interval, backoff 2.0 and 3 attempts", () => {
    const counters: number[] = [];
    const delays: number[] = [];
    for (;;) {
      const d = decideRetry([{ ErrorEquals: ["States.ALL"] }], "E", counters, () => 0.5);
      if (!d) break;
      delays.push(d.delayMs);
    }
    assert.deepEqual(delays, [1000, 2000, 4000]);
  });

  it("Retry: MaxDelaySeconds caps the backoff", () => {
    const r = { ErrorEquals: ["E"], IntervalSeconds: 3, BackoffRate: 3, MaxDelaySeconds: 20, MaxAttempts: 5 };
    assert.deepEqual([0, 1, 2, 3].map((n) => retryDelayMs(r, n, () => 0)), [3000, 9000, 20000, 20000]);
  });

  it("Retry: FULL jitter picks a delay between 0 and the backoff; NONE does not", () => {
    const r = { ErrorEquals: ["E"], IntervalSeconds: 10, JitterStrategy: "FULL" as const };
    assert.equal(retryDelayMs(r, 1, () => 0), 0);
    assert.equal(retryDelayMs(r, 1, () => 0.25), 5000);
    assert.equal(retryDelayMs(r, 1, () => 0.999), 19980);
    assert.equal(retryDelayMs({ ...r, JitterStrategy: "NONE" }, 1, () => 0.25), 20000);
  });

  it("Retry: MaxAttempts 0 never retries; an exhausted retrier does not fall through to the next", () => {
    assert.equal(decideRetry([{ ErrorEquals: ["E"], MaxAttempts: 0 }, { ErrorEquals: ["States.ALL"] }], "E", [], Math.random), null);
    const counters = [1];
    assert.equal(decideRetry([{ ErrorEquals: ["E"], MaxAttempts: 1 }, { ErrorEquals: ["States.ALL"] }], "E", counters, Math.random), null);
  });

  it("Catch: the first matching catcher wins, in order", () => {
    const catchers = [
      { ErrorEquals: ["A"], Next: "first" },
      { ErrorEquals: ["B", "C"], Next: "second" },
      { ErrorEquals: ["States.ALL"], Next: "last" },
    ];
    assert.equal(findCatcher(catchers, "C")?.Next, "second");
    assert.equal(findCatcher(catchers, "Z")?.Next, "last");
    assert.equal(findCatcher(catchers, "States.Runtime"), undefined);
  });
});
