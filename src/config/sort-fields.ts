import { STRUCTURAL_FIELDS, asksForNothing, inheritanceOf, isSupportedField } from "./field-catalog.js";

/** One section of a config file, split by what Outpost does with each field. */
export interface SortedFields {
  /** Fields Outpost acts on, still unvalidated. */
  supported: Record<string, unknown>;
  /** Fields wrangler knows but Outpost ignores for now, kept verbatim. */
  unsupported: Record<string, unknown>;
  warnings: string[];
}

/**
 * Sorts the fields of the top level (`environment` undefined) or of `env.<environment>`.
 * `configName` is the config file as messages name it.
 */
export function sortFields(
  section: Record<string, unknown>,
  configName: string,
  environment?: string,
): SortedFields {
  const sorted: SortedFields = { supported: {}, unsupported: {}, warnings: [] };
  const pathPrefix = environment === undefined ? "" : `env.${environment}.`;
  for (const [field, value] of Object.entries(section)) {
    const inheritance = inheritanceOf(field);
    if (environment !== undefined && (inheritance === "top-level-only" || STRUCTURAL_FIELDS.has(field))) {
      sorted.warnings.push(
        `\`${pathPrefix}${field}\` is only read at the top level of ${configName}; it is ignored.`,
      );
    } else if (STRUCTURAL_FIELDS.has(field)) {
      continue;
    } else if (isSupportedField(field)) {
      sorted.supported[field] = value;
    } else if (inheritance !== undefined) {
      sorted.unsupported[field] = value;
      if (!asksForNothing(field, value)) sorted.warnings.push(`\`${field}\` is not supported by Outpost yet and is ignored.`);
    } else {
      sorted.warnings.push(`Unknown field \`${pathPrefix}${field}\` in ${configName}; it is ignored.`);
    }
  }
  return sorted;
}
