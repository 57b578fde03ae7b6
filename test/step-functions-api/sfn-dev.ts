import { SFNClient } from "@aws-sdk/client-sfn";
import { rm } from "node:fs/promises";
import { after, before } from "node:test";
import { copyFixture } from "../helpers/fixture-copy.js";
import { OutpostDev, runOutpost, succeeded } from "../helpers/outpost-cli.js";

// The SDK warns on every run that its releases from 2027 on will need Node 22; the locked one runs on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A running `outpost dev` with an access key from `outpost r2 keys create` and an SFN client signed with it. */
export interface SfnDev {
  dev: OutpostDev;
  credentials: Credentials;
  client: SFNClient;
  /** Another client of the same endpoint with other credentials. */
  clientWith(credentials: Credentials): SFNClient;
}

/** Runs a fixture (`hello` unless named) under `outpost dev` for the enclosing `describe`, with an SFN client ready. */
export function useSfnDev(started: (sfn: SfnDev) => void, fixture = "hello"): void {
  let sfn: SfnDev | undefined;
  let project = "";
  before(async () => {
    project = await copyFixture(fixture);
    const credentials = JSON.parse(await succeeded(runOutpost(["r2", "keys", "create", "--json", "-c", project]))) as Credentials;
    const dev = await OutpostDev.start([project]);
    // The Step Functions API is served at `/` of the REST API's host and port.
    const endpoint = dev.apiUrl.replace(/\/client\/v4$/, "");
    // Without disableHostPrefix the SDK sends StartSyncExecution to `sync-<host>`, as AWS's endpoint has it.
    const clientWith = (given: Credentials) => new SFNClient({ endpoint, region: "us-east-1", credentials: given, maxAttempts: 1, disableHostPrefix: true });
    sfn = { dev, credentials, client: clientWith(credentials), clientWith };
    started(sfn);
  });
  after(async () => {
    sfn?.client.destroy();
    await sfn?.dev.kill();
    await rm(project, { recursive: true, force: true });
  });
}

export const ROLE_ARN = "arn:aws:iam::000000000000:role/outpost-tests";
