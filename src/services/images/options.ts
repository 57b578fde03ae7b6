import { badRequest } from "./errors.js";

/** An option the worker gave, which must be a finite number. */
export function numberOption(options: Record<string, unknown>, name: string): number {
  const value = options[name];
  if (typeof value !== "number" || !Number.isFinite(value)) throw badRequest(`${name} must be a number (got ${JSON.stringify(value)})`);
  return value;
}

/** An option the worker gave, which must be a string. */
export function stringOption(options: Record<string, unknown>, name: string): string {
  const value = options[name];
  if (typeof value !== "string") throw badRequest(`${name} must be a string (got ${JSON.stringify(value)})`);
  return value;
}
