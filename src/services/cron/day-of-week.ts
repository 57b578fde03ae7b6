import type { DayRule } from "./calendar.js";
import { DAY_OF_WEEK, parseValue, parseValues, type Reject } from "./cron-field.js";

/**
 * The day of week field, 1 = Sunday to 7 = Saturday or SUN-SAT: `L` alone (Saturday), `nL` (the
 * last weekday n of the month), `n#k` (the k-th weekday n of the month), or values, ranges and
 * steps. Null for `*`, which leaves the choice of day to the day of month field.
 */
export function parseDayOfWeek(token: string, reject: Reject): DayRule | null {
  if (token === "*") return null;
  if (token === "L") return (date) => date.weekday === asUtcWeekday(DAY_OF_WEEK.max);
  const last = /^([^,#]+)L$/.exec(token);
  if (last !== null) {
    const weekday = asUtcWeekday(parseValue(DAY_OF_WEEK, last[1]!, token, reject));
    return (date) => date.weekday === weekday && date.day + 7 > date.daysInMonth;
  }
  const nth = /^([^,#]+)#(.*)$/.exec(token);
  if (nth !== null) {
    const weekday = asUtcWeekday(parseValue(DAY_OF_WEEK, nth[1]!, token, reject));
    const week = Number(nth[2]);
    if (!/^\d+$/.test(nth[2]!)) reject(`${token}, whose week number is not a number`);
    if (week < 1 || week > 5) reject(`a week number of ${week} in ${token}, outside 1-5`);
    return (date) => date.weekday === weekday && Math.ceil(date.day / 7) === week;
  }
  const special = token.split(",").find((item) => /[L#]/.test(item));
  if (special !== undefined && token.includes(",")) reject(`${special} inside the list ${token}; L and # days stand alone`);
  const weekdays = new Set(parseValues(DAY_OF_WEEK, token, reject).map(asUtcWeekday));
  return (date) => weekdays.has(date.weekday);
}

/** A field value (1 = Sunday) as `Date.getUTCDay` counts (0 = Sunday). */
function asUtcWeekday(value: number): number {
  return value - 1;
}
