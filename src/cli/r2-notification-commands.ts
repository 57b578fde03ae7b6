import { Command, Option } from "commander";
import { R2_NOTIFICATION_EVENT_TYPES, type R2NotificationEventType } from "../services/r2/index.js";
import { alignColumns, printJson, printOutcome } from "./output.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";
import { R2CommandError } from "./r2-command-error.js";
import { withR2Store } from "./r2-project.js";

interface CreateOptions extends ProjectOptions {
  eventType: R2NotificationEventType[];
  queue: string;
  prefix?: string;
  suffix?: string;
}

interface DeleteOptions extends ProjectOptions {
  queue: string;
}

/** `outpost r2 bucket notification create|list|delete`. */
export function notificationCommands(): Command {
  return new Command("notification")
    .description("Send a bucket's object events to a queue")
    .addCommand(
      projectSubcommand("create", "Send events of these types on matching keys to a queue (at most 5 rules a bucket)")
        .argument("<bucket>", "the bucket")
        .addOption(new Option("--event-type <type...>", "object-create, object-delete or both").choices(R2_NOTIFICATION_EVENT_TYPES).makeOptionMandatory())
        .requiredOption("--queue <name>", "the queue that receives the messages")
        .option("--prefix <prefix>", "only keys starting with this")
        .option("--suffix <suffix>", "only keys ending with this")
        .action(async (bucket: string, options: CreateOptions) => {
          const rule = { queue: options.queue, eventTypes: options.eventType, prefix: options.prefix, suffix: options.suffix };
          await withR2Store(options, bucket, (store) => store.addNotificationRule(bucket, rule));
          printOutcome(options, `Events ${options.eventType.join(", ")} on bucket "${bucket}" now go to queue "${options.queue}".`, { bucket, rule });
        }),
    )
    .addCommand(
      projectSubcommand("list", "List a bucket's notification rules")
        .argument("<bucket>", "the bucket")
        .action(async (bucket: string, options: ProjectOptions) => {
          const rules = await withR2Store(options, bucket, (store) => store.notificationRules(bucket));
          if (options.json) printJson(rules);
          else process.stdout.write(alignColumns([["Queue", "Event types", "Prefix", "Suffix"], ...rules.map((rule) => [rule.queue, rule.eventTypes.join(","), rule.prefix ?? "", rule.suffix ?? ""])]));
        }),
    )
    .addCommand(
      projectSubcommand("delete", "Stop sending a bucket's events to a queue")
        .argument("<bucket>", "the bucket")
        .requiredOption("--queue <name>", "the queue whose rules to delete")
        .action(async (bucket: string, options: DeleteOptions) => {
          const deleted = await withR2Store(options, bucket, (store) => store.deleteNotificationRules(bucket, options.queue));
          if (deleted === 0) throw new R2CommandError("ERR_R2_NOT_FOUND", `Bucket "${bucket}" has no notification rule for queue "${options.queue}".`);
          printOutcome(options, `Deleted ${deleted} notification rule(s) of bucket "${bucket}" for queue "${options.queue}".`, { bucket, deleted });
        }),
    );
}
