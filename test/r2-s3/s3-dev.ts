import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { rm } from "node:fs/promises";
import { after, before } from "node:test";
import { copyFixture } from "../helpers/fixture-copy.js";
import { OutpostDev, runOutpost, succeeded } from "../helpers/outpost-cli.js";
import { sdkFailure } from "../helpers/sdk-failure.js";

// The SDK warns on every run that its releases from 2027 on will need Node 22; the locked one runs on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** The bucket the `r2` fixture binds as `BUCKET`. */
export const FIXTURE_BUCKET = "fixture-bucket";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A running `outpost dev` of the `r2` fixture with an S3 access key made by `outpost r2 keys create`. */
export interface S3Dev {
  dev: OutpostDev;
  project: string;
  credentials: Credentials;
  /** A path-style client of the dev's S3 API. */
  client: S3Client;
  /** Another client of the same API, with `config` on top. */
  clientWith(config: Partial<S3ClientConfig>): S3Client;
}

/** Creates an access key for `project` with the real CLI. */
export async function createAccessKey(project: string, name = "test"): Promise<Credentials> {
  return JSON.parse(await succeeded(runOutpost(["r2", "keys", "create", "--name", name, "--json", "-c", project]))) as Credentials;
}

/** Runs the `r2` fixture under `outpost dev` for the enclosing `describe`, with an S3 client ready. */
export function useS3Dev(started: (s3: S3Dev) => void): void {
  let s3: S3Dev | undefined;
  before(async () => {
    const project = await copyFixture("r2");
    const credentials = await createAccessKey(project);
    const dev = await OutpostDev.start([project]);
    const clientWith = (config: Partial<S3ClientConfig>) =>
      new S3Client({ endpoint: dev.s3Url, region: "auto", forcePathStyle: true, credentials, maxAttempts: 1, ...config });
    s3 = { dev, project, credentials, client: clientWith({}), clientWith };
    started(s3);
  });
  after(async () => {
    s3?.client.destroy();
    await s3?.dev.kill();
    if (s3) await rm(s3.project, { recursive: true, force: true });
  });
}

/** The S3 error code and HTTP status of a command that must fail. */
export async function s3Failure(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  const { name, ...failure } = await sdkFailure(promise);
  return { code: name, ...failure };
}

/**
 * Makes `client` send `body` in place of the one it would: as a hand-written request that is
 * `signed` over it, or changed `in transit` after signing (same length, so only the bytes differ).
 */
export function withRawBody(client: S3Client, body: string, when: "signed" | "in transit"): S3Client {
  type Handler = (args: { request: unknown }) => Promise<unknown>;
  const replace = (next: Handler): Handler => async (args) => {
    const request = args.request as { body: unknown; headers: Record<string, string> };
    request.body = body;
    if (when === "signed") {
      for (const name of Object.keys(request.headers)) if (/^(content-md5|x-amz-checksum-|x-amz-sdk-checksum)/i.test(name)) delete request.headers[name];
      request.headers["content-length"] = String(Buffer.byteLength(body));
    }
    return next(args);
  };
  // Middleware types are generic over every command; this one touches only the HTTP request.
  if (when === "signed") client.middlewareStack.add(replace as never, { step: "build", priority: "low" });
  else client.middlewareStack.add(replace as never, { step: "finalizeRequest", priority: "low" });
  return client;
}
