import { daysInMonth, weekdayOf, type CalendarDay, type DayRule } from "./calendar.js";
import { DAY_OF_MONTH, DAY_OF_WEEK, HOUR, MINUTE, MONTH, parseValues, type CronField, type Reject } from "./cron-field.js";
import { parseDayOfMonth } from "./day-of-month.js";
import { parseDayOfWeek } from "./day-of-week.js";
import { CronError } from "./errors.js";

/** A cron trigger in Cloudflare's dialect, parsed; every time is UTC. */
export interface CronExpression {
  /** The expression as the config wrote it. */
  readonly text: string;
  /** Ascending. */
  readonly minutes: readonly number[];
  /** Ascending. */
  readonly hours: readonly number[];
  /** 1-12. */
  readonly months: readonly number[];
  /** Null when the field is `*`. */
  readonly dayOfMonth: DayRule | null;
  /** Null when the field is `*`. */
  readonly dayOfWeek: DayRule | null;
}

const MINUTE_MS = 60_000;

/** The Gregorian calendar repeats every 400 years, so a search this long finds any day that ever matches. */
const SEARCH_MONTHS = 400 * 12 + 1;

/** Parses `minute hour day-of-month month day-of-week`, refusing what Cloudflare refuses and what never matches. */
export function parseCron(text: string): CronExpression {
  const trimmed = text.trim();
  const fail = (problem: string): never => {
    throw new CronError("ERR_CRON_INVALID", `cron trigger "${trimmed}": ${problem}`);
  };
  const fields = trimmed === "" ? [] : trimmed.split(/\s+/);
  if (fields.length !== 5) fail(`${fields.length} field${fields.length === 1 ? "" : "s"}, not 5`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  const rejectIn =
    (field: CronField): Reject =>
    (problem) =>
      fail(`${field.label} field has ${problem}`);

  const expression: CronExpression = {
    text,
    minutes: parseValues(MINUTE, minute, rejectIn(MINUTE)),
    hours: parseValues(HOUR, hour, rejectIn(HOUR)),
    dayOfMonth: parseDayOfMonth(dayOfMonth, rejectIn(DAY_OF_MONTH)),
    months: parseValues(MONTH, month, rejectIn(MONTH)),
    dayOfWeek: parseDayOfWeek(dayOfWeek, rejectIn(DAY_OF_WEEK)),
  };
  if (nextFire(expression, 0) === null) fail("it never matches");
  return expression;
}

/** The first matching minute strictly after `afterMs`, as epoch ms at its second 0; null if none within 400 years. */
export function nextFire(expression: CronExpression, afterMs: number): number | null {
  const start = new Date((Math.floor(afterMs / MINUTE_MS) + 1) * MINUTE_MS);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  let firstDay = start.getUTCDate();
  let fromMinute = start.getUTCHours() * 60 + start.getUTCMinutes();
  for (let searched = 0; searched < SEARCH_MONTHS; searched++) {
    if (expression.months.includes(month)) {
      const days = daysInMonth(year, month);
      const firstWeekday = weekdayOf(year, month, 1);
      for (let day = firstDay; day <= days; day++) {
        const date = { year, month, day, weekday: (firstWeekday + day - 1) % 7, daysInMonth: days };
        const minuteOfDay = dayMatches(expression, date) ? firstTimeFrom(expression, fromMinute) : null;
        if (minuteOfDay !== null) return Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE_MS;
        fromMinute = 0;
      }
    }
    firstDay = 1;
    fromMinute = 0;
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return null;
}

/** Whether the minute containing `atMs` matches. */
export function matchesMinute(expression: CronExpression, atMs: number): boolean {
  const at = new Date(atMs);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + 1;
  const date = { year, month, day: at.getUTCDate(), weekday: at.getUTCDay(), daysInMonth: daysInMonth(year, month) };
  return (
    expression.minutes.includes(at.getUTCMinutes()) &&
    expression.hours.includes(at.getUTCHours()) &&
    expression.months.includes(month) &&
    dayMatches(expression, date)
  );
}

function dayMatches({ dayOfMonth, dayOfWeek }: CronExpression, date: CalendarDay): boolean {
  if (dayOfMonth === null) return dayOfWeek === null || dayOfWeek(date);
  if (dayOfWeek === null) return dayOfMonth(date);
  // Cron's OR rule: when both day fields are restricted, a day either one selects matches.
  return dayOfMonth(date) || dayOfWeek(date);
}

/** The first matching minute of a day at or after `fromMinute` (minutes since midnight), or null. */
function firstTimeFrom(expression: CronExpression, fromMinute: number): number | null {
  const fromHour = Math.floor(fromMinute / 60);
  for (const hour of expression.hours) {
    if (hour < fromHour) continue;
    const minute = expression.minutes.find((candidate) => hour > fromHour || candidate >= fromMinute % 60);
    if (minute !== undefined) return hour * 60 + minute;
  }
  return null;
}
