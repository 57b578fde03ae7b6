import assert from "node:assert/strict";
import net from "node:net";
import path from "node:path";
import { describe, it } from "node:test";
import { type CliResult, fixturesDir, freePorts, runOutpost } from "../helpers/outpost-cli.js";

const errors = path.join(fixturesDir, "errors");

/** A frame of Outpost's own compiled code: users must never see one. */
const INTERNAL_FRAME = /at .*(dist\/src|node:internal)/;

function assertCleanFailure(result: CliResult): void {
  assert.equal(result.code, 1, `expected exit code 1, got ${result.code}\n${result.stdout}${result.stderr}`);
  assert.doesNotMatch(result.stderr, INTERNAL_FRAME);
  assert.doesNotMatch(result.stdout, /Ready on/);
}

describe("outpost dev: errors", () => {
  it("config syntax: names the file, line and column", async () => {
    const result = await runOutpost(["dev", path.join(errors, "bad-json"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /bad-json\/wrangler\.jsonc:3:25/);
  });

  it("invalid fields: every bad field is named by its path, at once", async () => {
    const result = await runOutpost(["dev", path.join(errors, "bad-field"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /compatibility_date/);
    assert.match(result.stderr, /yesterday/);
    assert.match(result.stderr, /vars/);
  });

  it("missing config: names the directory and the files looked for", async () => {
    const result = await runOutpost(["dev", errors, ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /wrangler\.jsonc/);
    assert.match(result.stderr, /wrangler\.toml/);
  });

  it("missing main: says to set main", async () => {
    const result = await runOutpost(["dev", path.join(errors, "missing-main"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /main/);
  });

  it("main not found: names the file", async () => {
    const result = await runOutpost(["dev", path.join(errors, "main-not-found"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /src\/nope\.ts/);
  });

  it("build error: esbuild's message with file:line:col", async () => {
    const result = await runOutpost(["dev", path.join(errors, "build-error"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /src\/index\.ts:2:10/);
    assert.match(result.stderr, /Unexpected ";"/);
  });

  it("custom build fails: its output is shown, then the command and its exit code", async () => {
    const result = await runOutpost(["dev", path.join(errors, "custom-build-fails"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stdout, /\[custom build\] Running: node fail\.mjs/);
    assert.match(result.stderr, /\[custom build\] src\/index\.ts\(3,1\): error TS1005/);
    assert.match(result.stderr, /Running custom build `node fail\.mjs` \(`build\.command` in wrangler\.jsonc\) failed: exit code 3\./);
  });

  it("custom build leaves no main: names the entry point and the command", async () => {
    const project = path.join(errors, "custom-build-no-main");
    const result = await runOutpost(["dev", project, ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, new RegExp(`entry point ${path.join(project, "dist/index.js")} \\(\`main\` in wrangler\.jsonc\\) was not found after running custom build \`node --version\``));
  });

  it("a Node built-in without nodejs_compat: says to add the flag, not to bundle for node", async () => {
    const result = await runOutpost(["dev", path.join(errors, "node-builtin-without-compat"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /src\/index\.js:1:27/);
    assert.match(result.stderr, /The package "node:crypto" wasn't found on the file system but is built into node\.\n\s*- Add the "nodejs_compat" compatibility flag to your project\./);
    assert.doesNotMatch(result.stderr, /platform/);
  });

  it("a package that is not installed: esbuild's error with wrangler's advice, an alias entry, not esbuild's option to mark it external", async () => {
    const result = await runOutpost(["dev", path.join(errors, "package-not-installed"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /Could not resolve "@outpost-test\/not-installed"/);
    assert.match(result.stderr, /src\/index\.js:1:26/);
    assert.match(result.stderr, /To fix this, you can add an entry to "alias" in your Wrangler configuration\.\n\s*For more guidance see: https:\/\/developers\.cloudflare\.com\/workers\/wrangler\/configuration\/#bundling-issues/);
    assert.doesNotMatch(result.stderr, /as external/);
  });

  it("a file only a rule shadowed by one without fallthrough matches: refused with wrangler's warning and error", async () => {
    const result = await runOutpost(["dev", path.join(errors, "ignored-module-rule"), ...freePorts]);
    assertCleanFailure(result);
    const textDefault = '{"type":"Text","globs":["**/*.txt","**/*.html","**/*.sql"]}';
    // The warning's lines come indented under Outpost's prefix.
    const unindented = (text: string) => text.replace(/\n\s*/g, "\n");
    assert.ok(
      unindented(result.stderr).includes(
        unindented(
          `The module rule {"type":"Text","globs":["**/*.sql"]} does not have a fallback, the following rules will be ignored:\n ${textDefault} (DEFAULT)\n\n` +
            "Add `fallthrough = true` to rule to allow next rule to be used or `fallthrough = false` to silence this warning",
        ),
      ),
      result.stderr,
    );
    assert.ok(
      result.stderr.includes(
        `The file ./notes.txt matched a module rule in your configuration (${textDefault}), but was ignored because a previous rule with the same type was not marked as \`fallthrough = true\`.`,
      ),
      result.stderr,
    );
    assert.match(result.stderr, /src\/index\.js:1:18/);
  });

  it("text_blobs for an ES module Worker: refused with wrangler's advice to import the file", async () => {
    const result = await runOutpost(["dev", path.join(errors, "blobs-in-module-worker"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(
      result.stderr,
      /You cannot configure \[text_blobs\] with an ES module worker\. Instead, import the file directly in your code, and optionally configure `\[rules\]` in your wrangler\.jsonc file/,
    );
  });

  it("a worker that throws as it loads: named, with the error and its own frame, and nothing of workerd's or Outpost's", async () => {
    const project = path.join(errors, "throws-at-startup");
    const result = await runOutpost(["dev", project, ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /Worker "throws-at-startup" threw while starting:\nError: the config is incomplete\n\s+at .*src\/index\.js:2:7\n?$/);
  });

  it("a Service Worker script that adds no listener: fails to start, as workerd fails it", async () => {
    const result = await runOutpost(["dev", path.join(errors, "service-worker-without-listeners"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /Worker "service-worker-without-listeners" threw while starting:\n.*No event handlers were registered\. This script does nothing\./);
  });

  it("a Service Worker script with an assets directory: refused, as wrangler refuses it", async () => {
    const result = await runOutpost(["dev", path.join(errors, "service-worker-with-assets"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /You cannot use the service-worker format with an `assets` directory yet\. For information on how to migrate to the module-worker format, see: https:\/\/developers\.cloudflare\.com\/workers\/learning\/migrating-to-module-workers\//);
  });

  it("a bound Durable Object class the entrypoint does not export: named, as wrangler names it", async () => {
    const result = await runOutpost(["dev", path.join(errors, "class-not-exported"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(
      result.stderr,
      /Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: Counter\.\nYou should export these objects from your entrypoint, src\/index\.ts\./,
    );
  });

  it("startup throw: the worker's exception with a stack mapped to its .ts source", async () => {
    const result = await runOutpost(["dev", path.join(errors, "startup-throw"), ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /startup failure/);
    assert.match(result.stderr, /src\/init\.ts:2:\d+/);
    assert.match(result.stderr, /src\/index\.ts:3:\d+/);
  });

  it("port in use: names the port and the flag to change it", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const result = await runOutpost(["dev", path.join(fixturesDir, "hello"), "--port", String(port)]);
      assertCleanFailure(result);
      assert.match(result.stderr, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`));
    } finally {
      blocker.close();
    }
  });

  it("bad arguments: --port, --s3-port, --var and --log-level name the flag and the value", async () => {
    const port = await runOutpost(["dev", path.join(fixturesDir, "hello"), "--port", "eighty"]);
    assert.equal(port.code, 1);
    assert.match(port.stderr, /--port must be an integer from 0 to 65535 \(got "eighty"\)/);
    const variable = await runOutpost(["dev", path.join(fixturesDir, "hello"), "--var", "NOVALUE"]);
    assert.match(variable.stderr, /--var must look like KEY:VALUE \(got "NOVALUE"\)/);
    const s3Port = await runOutpost(["dev", path.join(fixturesDir, "hello"), "--s3-port", "70000"]);
    assert.match(s3Port.stderr, /--s3-port must be an integer from 0 to 65535 \(got "70000"\)/);
    const level = await runOutpost(["dev", path.join(fixturesDir, "hello"), "--log-level", "loud"]);
    assert.match(level.stderr, /--log-level must be one of/);
  });

  it("duplicate workers: two configs naming one worker are refused", async () => {
    const hello = path.join(fixturesDir, "hello");
    const result = await runOutpost(["dev", "-c", hello, "-c", hello, ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /Two configs name a worker "hello"/);
  });

  it("--ip: a name with no address is refused, naming it and the flag", async () => {
    const result = await runOutpost(["dev", path.join(fixturesDir, "hello"), ...freePorts, "--ip", "no-such-host.invalid"]);
    assertCleanFailure(result);
    assert.match(result.stderr, /Cannot listen on no-such-host\.invalid: no address is known for that name\. Check --ip\./);
  });

  it("unknown --env: lists the environments the config has", async () => {
    const result = await runOutpost(["dev", path.join(fixturesDir, "vars"), "--env", "prod", ...freePorts]);
    assertCleanFailure(result);
    assert.match(result.stderr, /prod/);
    assert.match(result.stderr, /staging/);
  });
});
