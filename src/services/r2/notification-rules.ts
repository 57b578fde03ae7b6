import { R2Error } from "./errors.js";
import type { R2Event } from "./events.js";
import { MAX_NOTIFICATION_RULES } from "./limits.js";

export type R2NotificationEventType = "object-create" | "object-delete";

export const R2_NOTIFICATION_EVENT_TYPES: readonly R2NotificationEventType[] = ["object-create", "object-delete"];

/** One bucket notification rule: events of these types on matching keys go to `queue`. */
export interface R2NotificationRule {
  queue: string;
  eventTypes: R2NotificationEventType[];
  prefix?: string;
  suffix?: string;
}

/** The message a queue receives for an event, in R2's shape. */
export interface R2NotificationMessage {
  account: string;
  action: R2Event["action"];
  bucket: string;
  object: R2Event["object"];
  eventTime: string;
  copySource?: R2Event["copySource"];
}

const EVENT_TYPE_OF: Record<R2Event["action"], R2NotificationEventType> = {
  PutObject: "object-create",
  CopyObject: "object-create",
  CompleteMultipartUpload: "object-create",
  DeleteObject: "object-delete",
};

export function ruleMatches(rule: R2NotificationRule, event: R2Event): boolean {
  const key = event.object.key;
  return rule.eventTypes.includes(EVENT_TYPE_OF[event.action]) && key.startsWith(rule.prefix ?? "") && key.endsWith(rule.suffix ?? "");
}

/** The rules with `rule` added, refusing a sixth rule or one that overlaps an existing rule for the same queue. */
export function withRule(rules: readonly R2NotificationRule[], rule: R2NotificationRule): R2NotificationRule[] {
  if (rule.eventTypes.length === 0 || rule.eventTypes.some((type) => !R2_NOTIFICATION_EVENT_TYPES.includes(type))) {
    throw new R2Error("InvalidArgument", `Event types must be among ${R2_NOTIFICATION_EVENT_TYPES.join(", ")}.`);
  }
  if (rules.length >= MAX_NOTIFICATION_RULES) {
    throw new R2Error("InvalidArgument", `A bucket can have at most ${MAX_NOTIFICATION_RULES} notification rules; delete one first.`);
  }
  const overlapping = rules.find(
    (existing) =>
      existing.queue === rule.queue &&
      existing.eventTypes.some((type) => rule.eventTypes.includes(type)) &&
      (existing.prefix ?? "") === (rule.prefix ?? "") &&
      (existing.suffix ?? "") === (rule.suffix ?? ""),
  );
  if (overlapping !== undefined) throw new R2Error("InvalidArgument", `A rule for queue "${rule.queue}" with the same event types and filters exists already.`);
  return [...rules, rule];
}

export function notificationMessage(event: R2Event, eventTime: Date): R2NotificationMessage {
  return {
    account: "outpost",
    action: event.action,
    bucket: event.bucket,
    object: event.object,
    eventTime: eventTime.toISOString(),
    ...(event.copySource && { copySource: event.copySource }),
  };
}
