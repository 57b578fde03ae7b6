export const SUNDAY = 0;
export const SATURDAY = 6;

/** One UTC day, with what the day rules need to judge it. */
export interface CalendarDay {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** 1-31 */
  readonly day: number;
  /** 0 (Sunday) to 6 (Saturday), as `Date.getUTCDay` counts. */
  readonly weekday: number;
  readonly daysInMonth: number;
}

/** Whether a day field selects a day. */
export type DayRule = (date: CalendarDay) => boolean;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 (Sunday) to 6 (Saturday). */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The weekday of another day of `date`'s month. */
export function weekdayInMonth(date: CalendarDay, day: number): number {
  return (((date.weekday + day - date.day) % 7) + 7) % 7;
}
