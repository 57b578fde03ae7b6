import { findUnknownKeys } from "./find-unknown-keys.js";
import { formatPath, issueMessage } from "./issue-messages.js";
import { workerFieldsSchema, type WorkerFields } from "./schema.js";

export type FieldsCheck =
  | { valid: true; fields: WorkerFields; /** dotted paths of keys the schema does not declare */ unknownKeys: string[] }
  | { valid: false; /** one sentence per problem, starting with the field's dotted path */ problems: string[] };

/** Validates the supported fields of one section; `pathPrefix` is "" or `env.<name>.`. */
export function validateFields(supported: Record<string, unknown>, pathPrefix: string): FieldsCheck {
  const result = workerFieldsSchema.safeParse(supported, { error: issueMessage });
  if (!result.success) {
    return {
      valid: false,
      problems: result.error.issues.map((issue) => `${pathPrefix}${formatPath(issue.path)} ${issue.message}`),
    };
  }
  return {
    valid: true,
    fields: result.data,
    unknownKeys: findUnknownKeys(workerFieldsSchema, supported).map((path) => pathPrefix + formatPath(path)),
  };
}
