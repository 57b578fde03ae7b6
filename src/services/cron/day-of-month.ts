import { SATURDAY, SUNDAY, weekdayInMonth, type CalendarDay, type DayRule } from "./calendar.js";
import { DAY_OF_MONTH, parseValue, parseValues, type Reject } from "./cron-field.js";

/**
 * The day of month field: `L` (the last day), `LW` (the last weekday), `L-n` (n days before the
 * last), `L-nW` and `nW` (the weekday nearest that day), or values, ranges and steps. Null for `*`,
 * which leaves the choice of day to the day of week field.
 */
export function parseDayOfMonth(token: string, reject: Reject): DayRule | null {
  if (token === "*") return null;
  if (token === "L") return (date) => date.day === date.daysInMonth;
  if (token === "LW") return (date) => date.day === nearestWeekday(date, date.daysInMonth);
  const beforeLast = /^L-(\d+)(W?)$/.exec(token);
  if (beforeLast !== null) {
    const offset = Number(beforeLast[1]);
    if (offset < 1 || offset > 30) reject(`an offset of ${offset} in ${token}, outside 1-30`);
    if (beforeLast[2] === "W") return (date) => date.day === nearestWeekday(date, date.daysInMonth - offset);
    return (date) => date.day === date.daysInMonth - offset;
  }
  const nearDay = /^(\d+)W$/.exec(token);
  if (nearDay !== null) {
    const day = parseValue(DAY_OF_MONTH, nearDay[1]!, token, reject);
    return (date) => date.day === nearestWeekday(date, day);
  }
  const special = token.split(",").find((item) => /[LW]/.test(item));
  if (special !== undefined && token.includes(",")) reject(`${special} inside the list ${token}; L and W days stand alone`);
  const days = new Set(parseValues(DAY_OF_MONTH, token, reject));
  return (date) => days.has(date.day);
}

/**
 * The weekday nearest day `day` of `date`'s month without leaving the month: a Saturday moves to
 * Friday (or, on the 1st, to Monday the 3rd), a Sunday to Monday (or, on the last day, to Friday).
 * Null when the month has no such day.
 */
function nearestWeekday(date: CalendarDay, day: number): number | null {
  if (day < 1 || day > date.daysInMonth) return null;
  const weekday = weekdayInMonth(date, day);
  if (weekday === SATURDAY) return day === 1 ? 3 : day - 1;
  if (weekday === SUNDAY) return day === date.daysInMonth ? day - 2 : day + 1;
  return day;
}
