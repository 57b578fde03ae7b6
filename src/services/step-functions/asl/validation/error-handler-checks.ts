import { StatesErrors } from "../../errors.js";
import { isObject, type Diagnostics } from "./diagnostics.js";
import { checkAssign, checkJsonataValue, checkNumber, checkPath } from "./field-checks.js";
import { CATCHER_FIELDS, RETRIER_FIELDS } from "./state-fields.js";

/** `ErrorEquals`: a non-empty list of names, `States.ALL` alone and only in the last entry. */
function checkErrorEquals(d: Diagnostics, at: string, value: unknown, isLast: boolean): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every((e) => typeof e === "string")) {
    d.add(`${at}/ErrorEquals`, "The field 'ErrorEquals' must be a non-empty array of error names");
    return;
  }
  if (value.includes(StatesErrors.ALL)) {
    if (value.length > 1) d.add(`${at}/ErrorEquals`, "States.ALL must appear alone in 'ErrorEquals'");
    if (!isLast) d.add(`${at}/ErrorEquals`, "States.ALL must appear in the last retrier or catcher");
  }
}

function unknownFields(d: Diagnostics, at: string, value: Record<string, unknown>, allowed: Set<string>): void {
  for (const key of Object.keys(value)) if (!allowed.has(key)) d.add(`${at}/${key}`, `The field "${key}" is not supported by Step Functions`);
}

export function checkRetry(d: Diagnostics, at: string, retry: unknown): void {
  if (retry === undefined) return;
  if (!Array.isArray(retry)) return d.add(`${at}/Retry`, "The field 'Retry' must be an array");
  retry.forEach((r, i) => {
    const path = `${at}/Retry/${i}`;
    if (!isObject(r)) return d.add(path, "A retrier must be an object");
    unknownFields(d, path, r, RETRIER_FIELDS);
    checkErrorEquals(d, path, r.ErrorEquals, i === retry.length - 1);
    checkNumber(d, path, "IntervalSeconds", r.IntervalSeconds, { min: 1, max: 99999999, jsonata: false });
    checkNumber(d, path, "MaxAttempts", r.MaxAttempts, { min: 0, max: 99999999, jsonata: false });
    checkNumber(d, path, "BackoffRate", r.BackoffRate, { min: 1, integer: false, jsonata: false });
    checkNumber(d, path, "MaxDelaySeconds", r.MaxDelaySeconds, { min: 1, max: 31622400, jsonata: false });
    if (r.JitterStrategy !== undefined && r.JitterStrategy !== "FULL" && r.JitterStrategy !== "NONE") {
      d.add(`${path}/JitterStrategy`, "The field 'JitterStrategy' must be FULL or NONE");
    }
  });
}

/** Returns the catchers' `Next` targets (checked for existence by the caller). */
export function checkCatch(d: Diagnostics, at: string, catchers: unknown, jsonata: boolean): { path: string; next: unknown }[] {
  if (catchers === undefined) return [];
  if (!Array.isArray(catchers)) {
    d.add(`${at}/Catch`, "The field 'Catch' must be an array");
    return [];
  }
  const targets: { path: string; next: unknown }[] = [];
  catchers.forEach((c, i) => {
    const path = `${at}/Catch/${i}`;
    if (!isObject(c)) return d.add(path, "A catcher must be an object");
    unknownFields(d, path, c, CATCHER_FIELDS);
    checkErrorEquals(d, path, c.ErrorEquals, i === catchers.length - 1);
    checkAssign(d, `${path}/Assign`, c.Assign, jsonata);
    if (c.Next === undefined) d.add(path, "These fields are required: [Next]");
    else targets.push({ path: `${path}/Next`, next: c.Next });
    if (jsonata) {
      if (c.ResultPath !== undefined) d.add(`${path}/ResultPath`, "The field 'ResultPath' is not supported in JSONata states; use 'Output'");
      checkJsonataValue(d, `${path}/Output`, c.Output);
    } else {
      if (c.Output !== undefined) d.add(`${path}/Output`, "The field 'Output' is only supported in JSONata states");
      checkPath(d, path, "ResultPath", c.ResultPath, { reference: true, nullable: true });

    }
  });
  return targets;
}
