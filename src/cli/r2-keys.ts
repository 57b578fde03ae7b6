import { Command } from "commander";
import { AccessKeyStore } from "../aws-auth/index.js";
import { alignColumns, printJson, printOutcome } from "./output.js";
import { loadCliProject } from "./project.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";
import { R2CommandError } from "./r2-command-error.js";

interface CreateKeyOptions extends ProjectOptions {
  name?: string;
}

/** `outpost r2 keys create|list|revoke`: the access keys clients of the S3 and Step Functions APIs sign requests with. */
export function r2KeysCommand(): Command {
  return new Command("keys")
    .description("Manage the access keys that clients of R2's S3-compatible API and of the Step Functions API sign requests with")
    .addCommand(
      projectSubcommand("create", "Create an access key; its secret is printed this once")
        .option("--name <name>", "a label to recognise the key by in list")
        .action(async (options: CreateKeyOptions) => {
          const key = await withAccessKeys(options, (keys) => keys.create(options.name));
          if (options.json) printJson({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, name: key.name });
          else {
            process.stdout.write(
              `Created S3 access key${key.name === null ? "" : ` "${key.name}"`}. The secret is not shown again.\n` +
                `Access Key ID:     ${key.accessKeyId}\nSecret Access Key: ${key.secretAccessKey}\n`,
            );
          }
        }),
    )
    .addCommand(
      projectSubcommand("list", "List access keys by id and name (never their secrets)").action(async (options: ProjectOptions) => {
        const keys = await withAccessKeys(options, (store) => store.list());
        const rows = keys.map((key) => ({ accessKeyId: key.accessKeyId, name: key.name, created: key.created.toISOString() }));
        if (options.json) printJson(rows);
        else if (rows.length === 0) process.stdout.write("No access keys. Create one with: outpost r2 keys create\n");
        else process.stdout.write(alignColumns([["ACCESS KEY ID", "NAME", "CREATED"], ...rows.map((row) => [row.accessKeyId, row.name ?? "", row.created])]));
      }),
    )
    .addCommand(
      projectSubcommand("revoke", "Revoke an access key; requests signed with it are refused from then on")
        .argument("<access-key-id>", "the key's id, as keys list shows it")
        .action(async (accessKeyId: string, options: ProjectOptions) => {
          if (!(await withAccessKeys(options, (keys) => keys.revoke(accessKeyId)))) {
            throw new R2CommandError("ERR_R2_NOT_FOUND", `No S3 access key has the id "${accessKeyId}". outpost r2 keys list shows the ids.`);
          }
          printOutcome(options, `Revoked S3 access key ${accessKeyId}.`, { accessKeyId });
        }),
    );
}

async function withAccessKeys<T>(options: ProjectOptions, use: (keys: AccessKeyStore) => T): Promise<T> {
  const keys = AccessKeyStore.open((await loadCliProject(options)).persistTo);
  try {
    return use(keys);
  } finally {
    keys.close();
  }
}
