import { UNSUPPORTED_NESTED_FIELDS, asksForNothing } from "./field-catalog.js";
import { findUnknownKeys } from "./find-unknown-keys.js";
import { formatPath, issueMessage } from "./issue-messages.js";
import { workerFieldsSchema, type WorkerFields } from "./schema.js";

export type FieldsCheck =
  | { valid: true; fields: WorkerFields; /** about keys inside fields that Outpost ignores */ warnings: string[] }
  | { valid: false; /** one sentence per problem, starting with the field's dotted path */ problems: string[] };

/** Validates the supported fields of one section; `pathPrefix` is "" or `env.<name>.`. */
export function validateFields(
  supported: Record<string, unknown>,
  pathPrefix: string,
  configName: string,
): FieldsCheck {
  const result = workerFieldsSchema.safeParse(supported, { error: issueMessage });
  if (!result.success) {
    return {
      valid: false,
      problems: result.error.issues.map((issue) => `${pathPrefix}${formatPath(issue.path)} ${issue.message}`),
    };
  }
  const warnings = findUnknownKeys(workerFieldsSchema, supported).flatMap((keyPath) => {
    const nested = formatPath(keyPath);
    const field = pathPrefix + nested;
    if (!UNSUPPORTED_NESTED_FIELDS.has(nested.replace(/\[\d+\]/g, "[]"))) return [`Unknown field \`${field}\` in ${configName}; it is ignored.`];
    return asksForNothing(nested, valueAt(supported, keyPath)) ? [] : [`\`${field}\` is not supported by Outpost yet and is ignored.`];
  });
  (result.data.unsafe?.bindings ?? []).forEach((binding, index) => {
    if (binding.type !== "ratelimit") warnings.push(`\`${pathPrefix}unsafe.bindings[${index}]\` (type "${binding.type}") is not supported by Outpost yet and is ignored.`);
  });
  return { valid: true, fields: result.data, warnings };
}

function valueAt(value: unknown, keyPath: readonly PropertyKey[]): unknown {
  return keyPath.reduce<unknown>((inner, key) => (inner as Record<PropertyKey, unknown>)[key], value);
}
