import { Command } from "commander";
import { SecretStore, type SecretInfo } from "../services/secrets-store/index.js";
import { alignColumns, printJson, printOutcome } from "./output.js";
import { loadCliProject } from "./project.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";
import { readSecretValue } from "./secret-input.js";

interface SecretOptions extends ProjectOptions {
  secretId: string;
  name: string;
  value?: string;
  scopes?: string;
  comment?: string;
}

/** `outpost secrets-store secret …`: the project's local Secrets Store secrets, as `wrangler secrets-store secret` manages them locally. */
export function secretsStoreCommand(): Command {
  const secret = new Command("secret")
    .description("Create, list, show, update, delete and duplicate secrets; a store exists once a secret is created in it")
    .addCommand(createCommand())
    .addCommand(listCommand())
    .addCommand(getCommand())
    .addCommand(updateCommand())
    .addCommand(deleteCommand())
    .addCommand(duplicateCommand());
  return new Command("secrets-store").description("Manage the project's Secrets Store secrets, the same ones outpost dev serves").addCommand(secret);
}

function secretSubcommand(name: string, description: string): Command {
  return projectSubcommand(name, description).argument("<store-id>", "the store's id, as `store_id` in the config");
}

function createCommand(): Command {
  return secretSubcommand("create", "Create a secret; without --value, it is read from a prompt or stdin")
    .requiredOption("--name <name>", "the secret's name")
    .requiredOption("--scopes <scopes>", 'comma-separated scopes, such as "workers"')
    .option("--value <value>", "the value (it stays in your shell's history: prefer the prompt or stdin)")
    .option("--comment <comment>", "a comment")
    .action(async (storeId: string, options: SecretOptions) => {
      const value = options.value ?? (await readSecretValue("Enter a secret value: "));
      await withStore(options, (store) => {
        const secret = store.create(storeId, { name: options.name, value, scopes: scopesOf(options.scopes!), comment: options.comment });
        printOutcome(options, `Created secret ${secret.name} in store ${storeId} (ID: ${secret.id}).`, { secret });
      });
    });
}

function listCommand(): Command {
  return secretSubcommand("list", "List a store's secrets, without their values").action(async (storeId: string, options: ProjectOptions) => {
    await withStore(options, (store) => printSecrets(options, store.list(storeId), `Store ${storeId} has no secrets.`));
  });
}

function getCommand(): Command {
  return secretSubcommand("get", "Show a secret, without its value")
    .requiredOption("--secret-id <id>", "the secret's id")
    .action(async (storeId: string, options: SecretOptions) => {
      await withStore(options, (store) => printSecrets(options, [store.get(storeId, options.secretId)]));
    });
}

function updateCommand(): Command {
  return secretSubcommand("update", "Change a secret's value, scopes or comment")
    .requiredOption("--secret-id <id>", "the secret's id")
    .option("--value <value>", "the new value")
    .option("--scopes <scopes>", "the new comma-separated scopes")
    .option("--comment <comment>", "the new comment")
    .action(async (storeId: string, options: SecretOptions) => {
      if (options.value === undefined && options.scopes === undefined && options.comment === undefined) {
        options.value = (await readSecretValue("Enter the new secret value: ")) || undefined;
      }
      await withStore(options, (store) => {
        const changes = { value: options.value || undefined, scopes: options.scopes === undefined ? undefined : scopesOf(options.scopes), comment: options.comment };
        const secret = store.update(storeId, options.secretId, changes);
        printOutcome(options, `Updated secret ${secret.name} in store ${storeId} (ID: ${secret.id}).`, { secret });
      });
    });
}

function deleteCommand(): Command {
  return secretSubcommand("delete", "Delete a secret")
    .requiredOption("--secret-id <id>", "the secret's id")
    .action(async (storeId: string, options: SecretOptions) => {
      await withStore(options, (store) => {
        store.delete(storeId, options.secretId);
        printOutcome(options, `Deleted secret ${options.secretId} from store ${storeId}.`);
      });
    });
}

function duplicateCommand(): Command {
  return secretSubcommand("duplicate", "Create a secret with another secret's value")
    .requiredOption("--secret-id <id>", "the id of the secret whose value to copy")
    .requiredOption("--name <name>", "the new secret's name")
    .requiredOption("--scopes <scopes>", "the new secret's comma-separated scopes")
    .option("--comment <comment>", "the new secret's comment")
    .action(async (storeId: string, options: SecretOptions) => {
      await withStore(options, (store) => {
        const secret = store.duplicate(storeId, options.secretId, { name: options.name, scopes: scopesOf(options.scopes!), comment: options.comment });
        printOutcome(options, `Created secret ${secret.name} in store ${storeId} (ID: ${secret.id}) with the value of ${options.secretId}.`, { secret });
      });
    });
}

async function withStore(options: ProjectOptions, use: (store: SecretStore) => void): Promise<void> {
  const store = new SecretStore((await loadCliProject(options)).persistTo);
  try {
    use(store);
  } finally {
    store.close();
  }
}

function scopesOf(scopes: string): string[] {
  return scopes.split(",").map((scope) => scope.trim());
}

function printSecrets(options: ProjectOptions, secrets: SecretInfo[], none = ""): void {
  if (options.json) {
    printJson(secrets);
  } else if (secrets.length === 0) {
    process.stdout.write(`${none}\n`);
  } else {
    const lines = secrets.map((secret) => [secret.name, secret.id, secret.comment, secret.scopes.join(", "), secret.status, secret.created, secret.modified]);
    process.stdout.write(alignColumns([["Name", "ID", "Comment", "Scopes", "Status", "Created", "Modified"], ...lines]));
  }
}
