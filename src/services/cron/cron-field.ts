/** Reports what is wrong with a field, completing "<label> field has …"; never returns. */
export type Reject = (problem: string) => never;

/** One of the five fields of a cron expression: the values it takes and the names it accepts. */
export interface CronField {
  /** The field as messages name it, such as "day of week". */
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Names of the values from `min` up, in upper case; matched case-insensitively. */
  readonly names?: readonly string[];
}

export const MINUTE: CronField = { label: "minute", min: 0, max: 59 };
export const HOUR: CronField = { label: "hour", min: 0, max: 23 };
export const DAY_OF_MONTH: CronField = { label: "day of month", min: 1, max: 31 };
export const MONTH: CronField = {
  label: "month",
  min: 1,
  max: 12,
  names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
};
/** Cloudflare counts weekdays from 1 = Sunday to 7 = Saturday, unlike Vixie cron's 0-6. */
export const DAY_OF_WEEK: CronField = { label: "day of week", min: 1, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] };

/**
 * The values a field selects, ascending: `*`, or a comma list of values, ranges `a-b`, and steps,
 * which are `*`, `a` (meaning a to the maximum) or `a-b` followed by `/n`.
 */
export function parseValues(field: CronField, token: string, reject: Reject): number[] {
  if (token === "*") return steppedRange(field.min, field.max, 1);
  const selected = new Set<number>();
  for (const item of token.split(",")) {
    if (item === "") reject(`an empty item in the list ${token}`);
    if (item === "*") reject(`* inside the list ${token}`);
    for (const value of parseItem(field, item, reject)) selected.add(value);
  }
  return [...selected].sort((a, b) => a - b);
}

/** One value, by number or name. `item` is the list item it came from, for messages. */
export function parseValue(field: CronField, text: string, item: string, reject: Reject): number {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < field.min || value > field.max) reject(`${value} outside ${field.min}-${field.max}${namedRange(field)}`);
    return value;
  }
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return field.min + named;
  if (text === "") reject(`${item}, which is not a value, range or step`);
  if (field.names !== undefined && /^[a-z]+$/i.test(text)) reject(`an unknown name ${text}`);
  return reject(`${text}, which is not a number${field.names === undefined ? "" : " or a name"}`);
}

/** The names at the ends of the range, which show that 1 is SUN (Vixie cron's 1 is MON). */
function namedRange(field: CronField): string {
  return field.names === undefined ? "" : ` (${field.names[0]}-${field.names.at(-1)})`;
}

function parseItem(field: CronField, item: string, reject: Reject): number[] {
  const [span = "", step, ...extra] = item.split("/");
  const ends = span === "*" ? [] : span.split("-");
  if (extra.length > 0 || ends.length > 2) reject(`${item}, which is not a value, range or step`);
  const [start, end] = ends.map((value) => parseValue(field, value, item, reject));
  const first = start ?? field.min;
  // A step from a single value, `a/n`, runs to the field's maximum.
  const last = end ?? (step === undefined ? first : field.max);
  if (first > last) reject(`a descending range in ${item}`);
  return steppedRange(first, last, step === undefined ? 1 : parseStep(field, step, item, reject));
}

function parseStep(field: CronField, text: string, item: string, reject: Reject): number {
  const largest = field.max - field.min;
  const step = Number(text);
  if (!/^\d+$/.test(text)) reject(`${item}, whose step is not a number`);
  if (step < 1 || step > largest) reject(`a step of ${step} in ${item}, outside 1-${largest}`);
  return step;
}

function steppedRange(first: number, last: number, step: number): number[] {
  const values: number[] = [];
  for (let value = first; value <= last; value += step) values.push(value);
  return values;
}
