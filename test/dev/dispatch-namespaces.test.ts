import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { copyFixture } from "../helpers/fixture-copy.js";
import { withDev } from "../helpers/outpost-cli.js";

describe("Workers for Platforms (dispatch_namespaces)", () => {
  it("get(name) dispatches to the worker of that name run in the same outpost dev, by fetch and RPC; an unknown name fails on use", async () => {
    const dispatcher = await copyFixture("dispatcher");
    const customer = await copyFixture("customer-a");
    await withDev(["-c", dispatcher, "-c", customer, "--persist-to", path.join(dispatcher, ".outpost")], async (dev) => {
      const get = async (pathname: string) => {
        const response = await dev.fetch(pathname);
        return [response.status, await response.text()];
      };
      assert.deepEqual(await get("/customer-a/orders/7"), [200, "customer a got /customer-a/orders/7"]);
      assert.deepEqual(await get("/rpc/customer-a"), [200, "hello dispatcher, from customer a"]);
      assert.deepEqual(await get("/customer-b/x"), [502, "dispatch failed: Worker not found."]);
    });
  });
});
