import { Command } from "commander";
import { ApiTokens } from "../services/queues/index.js";
import { alignColumns, printJson, printOutcome } from "./output.js";
import { loadCliProject } from "./project.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";
import { QueuesCommandError } from "./queues-command-error.js";

interface CreateOptions extends ProjectOptions {
  name: string;
}

/** `outpost queues token create|list|revoke`: the bearer tokens pull consumers present to the REST API. */
export function tokenCommands(): Command {
  return new Command("token")
    .description("Manage the bearer tokens that HTTP pull consumers authenticate with")
    .addCommand(
      projectSubcommand("create", "Create a token; it is printed once and only its digest is kept")
        .option("--name <name>", "a label to recognise the token by in list", "pull consumer")
        .action(async (options: CreateOptions) => {
          const { info, token } = await withTokens(options, (tokens) => tokens.create(options.name, Date.now()));
          if (options.json) printJson({ id: info.id, name: info.name, token });
          else process.stdout.write(`Created token ${info.id} ("${info.name}"). Send it as "Authorization: Bearer <token>"; it is not shown again:\n${token}\n`);
        }),
    )
    .addCommand(
      projectSubcommand("list", "List tokens by id and name (never the secrets)").action(async (options: ProjectOptions) => {
        const listed = await withTokens(options, (tokens) => tokens.list());
        if (options.json) printJson(listed.map(({ id, name, createdAt }) => ({ id, name, created_at: createdAt.toISOString() })));
        else if (listed.length === 0) process.stdout.write("No tokens. Create one with: outpost queues token create\n");
        else process.stdout.write(alignColumns([["ID", "NAME", "CREATED"], ...listed.map(({ id, name, createdAt }) => [id, name, createdAt.toISOString()])]));
      }),
    )
    .addCommand(
      projectSubcommand("revoke", "Revoke a token; requests bearing it are refused at once")
        .argument("<id>", "the token's id, as token list shows it")
        .action(async (id: string, options: ProjectOptions) => {
          if (!(await withTokens(options, (tokens) => tokens.revoke(id)))) {
            throw new QueuesCommandError("ERR_QUEUE_TOKEN_NOT_FOUND", `No token with id "${id}". outpost queues token list shows the ids.`);
          }
          printOutcome(options, `Revoked token ${id}.`, { id });
        }),
    );
}

async function withTokens<T>(options: ProjectOptions, use: (tokens: ApiTokens) => T): Promise<T> {
  const tokens = new ApiTokens((await loadCliProject(options)).persistTo);
  try {
    return use(tokens);
  } finally {
    tokens.close();
  }
}
