import assert from "node:assert/strict";
import { ConfigError } from "../../src/config/index.js";

/** The `ConfigError` `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function configErrorOf(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a ConfigError, and nothing failed");
}
