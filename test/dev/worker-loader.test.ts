import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import type { OutpostDev } from "../helpers/outpost-cli.js";

describe("Worker Loader (worker_loaders)", () => {
  let dev: OutpostDev;
  useRunningCopy("worker-loader", (started) => {
    dev = started;
  });

  async function load(name: string, code: string): Promise<[number, string]> {
    const response = await dev.fetch(`/${name}`, { method: "POST", body: code });
    return [response.status, await response.text()];
  }

  it("get(name, getCode) runs a Worker from code given at run time, with its own env, cached by name", async () => {
    assert.deepEqual(await load("greeter", "export default { fetch(request, env) { return new Response(env.GREETING + ' at ' + request.url) } }"), [200, "hello from the loader at http://dynamic/"]);
    assert.deepEqual(await load("greeter", "export default { fetch() { return new Response('new code') } }"), [200, "hello from the loader at http://dynamic/"], "the same name reuses the loaded Worker");
    assert.deepEqual(await load("other", "export default { fetch() { return new Response('new code') } }"), [200, "new code"]);
  });

  it("a loaded Worker that fails to start or throws fails the request with the error, and the error is logged", async () => {
    const [brokenStatus, brokenBody] = await load("broken", "export default { fetch( {");
    assert.equal(brokenStatus, 500);
    assert.match(brokenBody, /Failed to start Worker:[\s\S]*Uncaught SyntaxError/);
    await dev.waitForOutput(/Failed to start Worker:\s+Uncaught SyntaxError/);
    const [throwsStatus, throwsBody] = await load("throws", "export default { fetch() { throw new Error('boom inside') } }");
    assert.equal(throwsStatus, 500);
    assert.match(throwsBody, /Error: boom inside/);
    await dev.waitForOutput(/Uncaught Error: boom inside/);
  });
});
