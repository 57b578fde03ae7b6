import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useFixtureCopy } from "../helpers/fixture-copy.js";
import { failed, OutpostDev, runOutpost, succeeded } from "../helpers/outpost-cli.js";

interface SecretInfo {
  id: string;
  store_id: string;
  name: string;
  comment: string;
  scopes: string[];
  status: string;
}

describe("Secrets Store (secrets_store_secrets)", () => {
  let project: string;
  useFixtureCopy("secrets-store", (copy) => (project = copy));

  const secret = (args: string[], input?: string) => runOutpost(["secrets-store", "secret", ...args, "-c", project], { input });
  const created = async (args: string[], input?: string) => (JSON.parse(await succeeded(secret([...args, "--json"], input))) as { secret: SecretInfo }).secret;

  it("get() reads the value `outpost secrets-store secret` set, live while dev runs, and never logs it", async () => {
    const apiKey = await created(["create", "demo-store", "--name", "api_key", "--scopes", "workers", "--comment", "for the demo"], "first-value\n");
    assert.match(apiKey.id, /^[0-9a-f]{32}$/);
    assert.deepEqual({ ...apiKey, id: "" }, { ...apiKey, id: "", store_id: "demo-store", name: "api_key", comment: "for the demo", scopes: ["workers"], status: "active" });
    const dev = await OutpostDev.start([project]);
    try {
      const read = async (binding: string) => (await dev.fetch(`/${binding}`)).json();
      assert.deepEqual(await read("API_KEY"), { value: "first-value" }, "the value from stdin, less its trailing newline");
      assert.deepEqual(await read("MISSING"), { error: 'Error: Secret "not_created" not found' });
      await succeeded(secret(["update", "demo-store", "--secret-id", apiKey.id, "--value", "second-value"]));
      assert.deepEqual(await read("API_KEY"), { value: "second-value" }, "an update is read at once");
      await succeeded(secret(["delete", "demo-store", "--secret-id", apiKey.id]));
      assert.deepEqual(await read("API_KEY"), { error: 'Error: Secret "api_key" not found' });
      assert.doesNotMatch(dev.output, /first-value|second-value/);
    } finally {
      await dev.kill();
    }
  });

  it("list, get and duplicate show everything but values; bad input is refused naming it", async () => {
    const original = await created(["create", "other-store", "--name", "db_password", "--scopes", "workers,ai-gateway", "--value", "hunter2"]);
    const copy = await created(["duplicate", "other-store", "--secret-id", original.id, "--name", "db_password_copy", "--scopes", "workers"]);
    const listing = await succeeded(secret(["list", "other-store"]));
    assert.match(listing, /^Name +ID +Comment +Scopes +Status +Created +Modified\n/);
    assert.match(listing, new RegExp(`\\ndb_password +${original.id} +workers, ai-gateway +active `));
    assert.match(listing, new RegExp(`\\ndb_password_copy +${copy.id} +workers +active `));
    assert.doesNotMatch(listing, /hunter2/);
    const [shown] = JSON.parse(await succeeded(secret(["get", "other-store", "--secret-id", copy.id, "--json"]))) as SecretInfo[];
    assert.deepEqual(shown, copy);
    assert.equal(await succeeded(secret(["list", "empty-store"])), "Store empty-store has no secrets.\n");

    const refusals: [string[], string][] = [
      [["create", "other-store", "--name", "db_password", "--scopes", "workers", "--value", "x"], `✘ Store other-store already has a secret named db_password (ID: ${original.id}).\n`],
      [["create", "other-store", "--name", "bad name!", "--scopes", "workers", "--value", "x"], "✘ Secret name may only contain alphanumeric characters, underscores, or dashes.\n"],
      [["create", "other-store", "--name", "big", "--scopes", "workers", "--value", "x".repeat(65_537)], "✘ Secret value cannot exceed 65536 bytes (got 65537).\n"],
      [["get", "other-store", "--secret-id", "0123"], "✘ Store other-store has no secret with ID 0123.\n"],
      [["update", "other-store", "--secret-id", original.id], "✘ Need to pass in a new field using `--value`, `--scopes`, or `--comment` to update a secret.\n"],
    ];
    for (const [args, message] of refusals) assert.equal(await failed(secret(args, "")), message, args.join(" "));
    assert.equal(await failed(secret(["create", "other-store", "--name", "empty", "--scopes", "workers"], "\n")), "✘ Need to pass in a value when creating a secret.\n");
  });
});
