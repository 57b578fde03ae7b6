import type { z } from "zod";

const EXPECTED_IN_WORDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  array: "an array",
  object: "an object",
  record: "an object",
};

/** How a config value reads inside a message: strings quoted, containers by kind. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  // Only TOML produces dates: an unquoted `2025-01-01`.
  if (value instanceof Date) return "an unquoted TOML date";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

/**
 * Zod error map phrasing each problem as the end of a sentence that begins with the field's path,
 * e.g. `must be a string (got 42)`. Messages a schema sets itself take precedence over these.
 */
export const issueMessage: z.core.$ZodErrorMap = (issue) => {
  const got = `(got ${describeValue(issue.input)})`;
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${EXPECTED_IN_WORDS[issue.expected] ?? issue.expected} ${got}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")} ${got}`;
    default:
      return undefined;
  }
};

/** `["services", 0, "binding"]` → `services[0].binding` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      return index === 0 ? String(segment) : `.${String(segment)}`;
    })
    .join("");
}
