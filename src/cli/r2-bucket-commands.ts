import { Command } from "commander";
import { alignColumns, printJson, printOutcome } from "./output.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";
import { notificationCommands } from "./r2-notification-commands.js";
import { withR2Store } from "./r2-project.js";

/** `outpost r2 bucket create|list|delete|notification`. */
export function bucketCommands(): Command {
  return new Command("bucket")
    .description("Create, list and delete R2 buckets, and manage their event notifications")
    .addCommand(
      projectSubcommand("create", "Create a bucket")
        .argument("<name>", "3 to 63 lowercase letters, digits and hyphens")
        .action(async (name: string, options: ProjectOptions) => {
          await withR2Store(options, name, (store) => store.createBucket(name), { createConfigured: false });
          printOutcome(options, `Created bucket "${name}".`, { bucket: name });
        }),
    )
    .addCommand(
      projectSubcommand("list", "List the buckets").action(async (options: ProjectOptions) => {
        const buckets = await withR2Store(options, undefined, (store) => store.listBuckets());
        if (options.json) printJson(buckets.map((bucket) => ({ name: bucket.name, creation_date: bucket.creationDate.toISOString() })));
        else process.stdout.write(alignColumns([["Name", "Created"], ...buckets.map((bucket) => [bucket.name, bucket.creationDate.toISOString()])]));
      }),
    )
    .addCommand(
      projectSubcommand("delete", "Delete an empty bucket")
        .argument("<name>", "the bucket")
        .action(async (name: string, options: ProjectOptions) => {
          await withR2Store(options, name, (store) => store.deleteBucket(name));
          printOutcome(options, `Deleted bucket "${name}".`, { bucket: name });
        }),
    )
    .addCommand(notificationCommands());
}
