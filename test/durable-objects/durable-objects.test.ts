import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import WebSocket from "ws";
import { useFixtureCopy } from "../helpers/fixture-copy.js";
import { fixturesDir, OutpostDev, withDev } from "../helpers/outpost-cli.js";
import { eventually, until } from "../helpers/until.js";

async function json(dev: OutpostDev, pathname: string): Promise<unknown> {
  const response = await dev.fetch(pathname);
  assert.equal(response.status, 200, `${pathname} answered ${response.status}`);
  return response.json();
}

describe("Durable Objects", () => {
  let project: string;
  useFixtureCopy("durable-objects", (copy) => (project = copy));

  it("storage: a SQL counter and a key-value object persist across a restart and across SIGKILL", async () => {
    let dev = await OutpostDev.start([project]);
    assert.equal(await json(dev, "/counter/persist?by=2"), 2);
    assert.deepEqual(await json(dev, "/notes/persist?note=first"), ["first"]);
    await dev.stop();
    dev = await OutpostDev.start([project]);
    assert.equal(await json(dev, "/counter/persist?by=3"), 5);
    assert.deepEqual(await json(dev, "/notes/persist?note=second"), ["first", "second"]);
    await dev.kill();
    dev = await OutpostDev.start([project]);
    try {
      assert.equal(await json(dev, "/counter/persist?by=1"), 6);
      assert.deepEqual(await json(dev, "/notes/persist?note=third"), ["first", "second", "third"]);
    } finally {
      await dev.kill();
    }
  });

  it("RPC: structured arguments and results cross the stub", async () => {
    const dev = await OutpostDev.start([project]);
    try {
      assert.deepEqual(await json(dev, "/describe/rpc"), { count: 2, firstLabel: "a", year: 2030 });
    } finally {
      await dev.kill();
    }
  });

  it("alarms: an alarm set before a restart fires after it", async () => {
    let dev = await OutpostDev.start([project]);
    assert.deepEqual(await json(dev, "/alarm/restart?in=1500"), { fired: 0, attempts: 0 });
    await dev.stop();
    dev = await OutpostDev.start([project]);
    try {
      await until(async () => ((await json(dev, "/alarm/restart")) as { fired: number }).fired === 1, "the alarm to fire after the restart", { intervalMs: 100 });
    } finally {
      await dev.kill();
    }
  });

  it("alarms: a handler that throws is retried", async () => {
    const dev = await OutpostDev.start([project]);
    try {
      await json(dev, "/alarm/retry?fail=1&in=100");
      await until(async () => {
        const state = (await json(dev, "/alarm/retry")) as { fired: number; attempts: number };
        return state.fired === 1 && state.attempts === 2;
      }, "the alarm to fire on its second attempt", { timeoutMs: 15_000, intervalMs: 100 });
    } finally {
      await dev.kill();
    }
  });

  it("WebSocket hibernation: several clients, broadcast with tags, attachments and auto-response", async () => {
    const dev = await OutpostDev.start([project]);
    const url = dev.url.replace("http", "ws");
    const open = (name: string) =>
      new Promise<{ socket: WebSocket; messages: string[] }>((resolve, reject) => {
        const socket = new WebSocket(`${url}/chat/lobby?name=${name}`);
        const messages: string[] = [];
        socket.on("message", (data) => messages.push(data.toString()));
        socket.once("open", () => resolve({ socket, messages }));
        socket.once("error", reject);
      });
    try {
      const ada = await open("ada");
      const bob = await open("bob");
      ada.socket.send("hello");
      await until(() => ada.messages.includes("ada: hello") && bob.messages.includes("ada: hello"), "both sockets to get ada's hello");
      bob.socket.send("who");
      await until(() => bob.messages.includes("2 here; you are bob"), "the answer to bob's who");
      ada.socket.send("ping");
      await until(() => ada.messages.includes("pong"), "the auto-response pong");
      assert.ok(!bob.messages.includes("ada: ping"), "the auto-response must not reach the object");
      ada.socket.close();
      bob.socket.close();
    } finally {
      await dev.kill();
    }
  });

  it("migrations: a class renamed by a migration keeps its data", async () => {
    let dev = await OutpostDev.start([project]);
    assert.equal(await json(dev, "/counter/renamed?by=7"), 7);
    await dev.stop();
    const source = path.join(project, "src/index.ts");
    await writeFile(source, (await readFile(source, "utf8")).replaceAll("Counter", "Tally"));
    const configFile = path.join(project, "wrangler.jsonc");
    const config = JSON.parse(await readFile(configFile, "utf8")) as {
      durable_objects: { bindings: { class_name: string }[] };
      migrations: unknown[];
    };
    config.durable_objects.bindings[0]!.class_name = "Tally";
    config.migrations.push({ tag: "v2", renamed_classes: [{ from: "Counter", to: "Tally" }] });
    await writeFile(configFile, JSON.stringify(config));
    dev = await OutpostDev.start([project]);
    try {
      assert.equal(await json(dev, "/counter/renamed?by=1"), 8);
    } finally {
      await dev.kill();
    }
  });
});

describe("Durable Objects: a code reload", () => {
  let project: string;
  useFixtureCopy("durable-objects", (copy) => (project = copy));

  it("reload: objects are reset, in-memory state is dropped, storage stays, WebSocket clients are disconnected", async () => {
    const dev = await OutpostDev.start([project]);
    try {
      assert.equal(await json(dev, "/memory/reload"), 1);
      assert.equal(await json(dev, "/memory/reload"), 2);
      assert.equal(await json(dev, "/counter/reload?by=10"), 10);
      const socket = new WebSocket(`${dev.url.replace("http", "ws")}/chat/reload?name=ada`);
      await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
      const closed = new Promise((resolve) => socket.once("close", resolve));
      const from = dev.output.length;
      const source = path.join(project, "src/index.ts");
      await writeFile(source, `${await readFile(source, "utf8")}\nconsole.log("edited");\n`);
      await dev.waitForOutput(/Reloaded\./, from);
      await closed;
      assert.equal(await json(dev, "/memory/reload"), 1);
      assert.equal(await json(dev, "/counter/reload?by=1"), 11);
    } finally {
      await dev.kill();
    }
  });
});

/** A client of the fixture's chat room `room`, named `name`. */
function joinChat(dev: OutpostDev, room: string, name: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${dev.url.replace("http", "ws")}/chat/${room}?name=${name}`);
    socket.once("open", () => resolve(socket)).once("error", reject);
  });
}

/** What the room answers `socket`'s "who"; "closed" if the socket closes first. */
function answerToWho(socket: WebSocket): Promise<string> {
  return new Promise((resolve) => {
    socket.once("message", (data) => resolve(data.toString()));
    socket.once("close", () => resolve("closed"));
    socket.send("who");
  });
}

describe("Durable Objects: one place at a time", () => {
  let project: string;
  useFixtureCopy("durable-objects", (copy) => (project = copy));

  it("reload: the old workerd and its objects are gone before the new code serves, so an object never runs twice", async () => {
    const dev = await OutpostDev.start([project]);
    try {
      const ada = await joinChat(dev, "split", "ada");
      let adaClosed = false;
      ada.once("close", () => (adaClosed = true));
      const source = path.join(project, "src/index.ts");
      await writeFile(source, (await readFile(source, "utf8")).replace("here; you are", "here after the edit; you are"));
      const firstEditedAnswer = await eventually(async () => {
        const bob = await joinChat(dev, "split", "bob").catch(() => undefined);
        if (bob === undefined) return undefined;
        const answer = await answerToWho(bob);
        bob.close();
        return answer.includes("after the edit") ? { answer, adaClosed } : undefined;
      }, "the edited object to answer");
      assert.deepEqual(firstEditedAnswer, { answer: "1 here after the edit; you are bob", adaClosed: true });
    } finally {
      await dev.kill();
    }
  });

  it("a change to a file no Worker uses redeploys nothing: objects and their WebSockets carry on", async () => {
    const dev = await OutpostDev.start([project, "--log-level", "debug"]);
    try {
      const ada = await joinChat(dev, "notes", "ada");
      const from = dev.output.length;
      await writeFile(path.join(project, "NOTES.md"), "Nothing the Worker imports.\n");
      await dev.waitForOutput(/Nothing a Worker runs changed; still serving the same build\./, from);
      assert.match(await answerToWho(ada), /^1 here.*; you are ada$/);
      assert.doesNotMatch(dev.output.slice(from), /Reloaded\./);
      ada.close();
    } finally {
      await dev.kill();
    }
  });
});

describe("Durable Objects: a class deleted by a migration", () => {
  let project: string;
  useFixtureCopy("durable-objects", (copy) => (project = copy));

  it("migrations: deleted_classes removes the class's stored objects", async () => {
    let dev = await OutpostDev.start([project]);
    assert.deepEqual(await json(dev, "/notes/doomed?note=x"), ["x"]);
    await dev.stop();
    const notesDirectory = path.join(project, ".outpost/do/durable-objects-Notes");
    assert.ok(existsSync(notesDirectory));
    const configFile = path.join(project, "wrangler.jsonc");
    const config = JSON.parse(await readFile(configFile, "utf8")) as {
      durable_objects: { bindings: { name: string }[] };
      migrations: unknown[];
    };
    config.durable_objects.bindings = config.durable_objects.bindings.filter((binding) => binding.name !== "NOTES");
    config.migrations.push({ tag: "v2", deleted_classes: ["Notes"] });
    await writeFile(configFile, JSON.stringify(config));
    dev = await OutpostDev.start([project]);
    try {
      assert.equal(existsSync(notesDirectory), false);
      assert.equal(await json(dev, "/counter/still-there"), 1);
    } finally {
      await dev.kill();
    }
  });
});

describe("Durable Objects: a worker that only hosts classes", () => {
  let host: string;
  useFixtureCopy("do-only-host", (copy) => (host = copy));

  it("a main module with no default export runs; its classes serve other workers, and a request to it says it has no fetch()", async () => {
    const persistTo = ["--persist-to", path.join(host, ".outpost")];
    await withDev(["-c", host, "-c", path.join(fixturesDir, "do-client"), ...persistTo], async (dev) => {
      const direct = await dev.fetch("/");
      assert.equal(direct.status, 500);
      await direct.text();
      await dev.waitForOutput(/\[durable-objects\] ✘ Uncaught Error: The worker does not export a fetch\(\) handler\./);
    });
    await withDev(["-c", path.join(fixturesDir, "do-client"), "-c", host, ...persistTo], async (client) => {
      assert.equal(await json(client, "/hosted"), 1);
      assert.equal(await json(client, "/hosted"), 2);
    });
  });
});

describe("Durable Objects: classes declared in `exports` instead of migrations", () => {
  let project: string;
  useFixtureCopy("durable-objects", (copy) => (project = copy));

  async function configure(exports: Record<string, unknown>, bindings: (classes: { name: string; class_name: string }[]) => unknown[] = (all) => all): Promise<void> {
    const configFile = path.join(project, "wrangler.jsonc");
    const config = JSON.parse(await readFile(configFile, "utf8")) as { durable_objects: { bindings: { name: string; class_name: string }[] }; migrations?: unknown };
    delete config.migrations;
    config.durable_objects.bindings = bindings(config.durable_objects.bindings) as typeof config.durable_objects.bindings;
    await writeFile(configFile, JSON.stringify({ ...config, exports }));
  }

  it("exports: storage sqlite gives SQL; a class renamed_to another keeps its objects; a deleted class's objects are removed", async () => {
    await configure({
      Counter: { type: "durable-object", storage: "sqlite" },
      ChatRoom: { type: "durable-object", storage: "sqlite" },
      Notes: { type: "durable-object", storage: "legacy-kv" },
    });
    let dev = await OutpostDev.start([project]);
    assert.equal(await json(dev, "/counter/exported?by=4"), 4);
    assert.deepEqual(await json(dev, "/notes/exported?note=kept"), ["kept"]);
    await dev.stop();

    const source = path.join(project, "src/index.ts");
    await writeFile(source, (await readFile(source, "utf8")).replaceAll("Counter", "Tally"));
    await configure(
      {
        Counter: { type: "durable-object", state: "renamed", renamed_to: "Tally" },
        Tally: { type: "durable-object", storage: "sqlite" },
        ChatRoom: { type: "durable-object", storage: "sqlite" },
        Notes: { type: "durable-object", state: "deleted" },
      },
      (all) => all.filter((binding) => binding.name !== "NOTES").map((binding) => (binding.name === "COUNTER" ? { ...binding, class_name: "Tally" } : binding)),
    );
    dev = await OutpostDev.start([project]);
    try {
      assert.equal(await json(dev, "/counter/exported?by=1"), 5, "the renamed class kept the counter");
      assert.equal(existsSync(path.join(project, ".outpost/do/durable-objects-Notes")), false);
      assert.doesNotMatch(dev.output, /has no (migration|live entry)/);
    } finally {
      await dev.kill();
    }
  });
});

describe("Durable Objects: a class in another worker", () => {
  let project: string;
  useFixtureCopy("durable-objects", (copy) => (project = copy));

  it("script_name: a binding reaches the class the other worker defines", async () => {
    const dev = await OutpostDev.start(["-c", path.join(fixturesDir, "do-client"), "-c", project, "--persist-to", path.join(project, ".outpost")]);
    try {
      assert.equal(await json(dev, "/shared"), 1);
      assert.equal(await json(dev, "/shared"), 2);
    } finally {
      await dev.kill();
    }
  });
});
