import { ConfigError } from "./config-error.js";
import { describeValue } from "./issue-messages.js";
import { isRecord } from "./is-record.js";
import { mergeEnvironment } from "./merge-environment.js";
import type { WorkerFields } from "./schema.js";
import { sortFields } from "./sort-fields.js";
import { validateFields } from "./validate-fields.js";

export interface ResolvedWorkerFields {
  fields: WorkerFields & { name: string };
  unsupported: Record<string, unknown>;
  warnings: string[];
}

interface Section {
  fields: WorkerFields;
  unsupported: Record<string, unknown>;
}

/**
 * Validates a parsed config file and reduces it to the fields of one Worker: the top level, or
 * the top level merged with `env.<environment>`. Every invalid field is reported in one
 * `ERR_CONFIG_INVALID`. `defaultName` names the Worker when the file does not.
 */
export function resolveWorkerFields(
  parsed: unknown,
  options: { configName: string; environment?: string; defaultName: string },
): ResolvedWorkerFields {
  const { configName, environment } = options;
  if (!isRecord(parsed)) {
    throw invalid(configName, [`the file must contain an object of settings (got ${describeValue(parsed)})`]);
  }
  const problems: string[] = [];
  const warnings: string[] = [];

  const readSection = (raw: Record<string, unknown>, sectionEnvironment?: string): Section | undefined => {
    const sorted = sortFields(raw, configName, sectionEnvironment);
    warnings.push(...sorted.warnings);
    const pathPrefix = sectionEnvironment === undefined ? "" : `env.${sectionEnvironment}.`;
    const check = validateFields(sorted.supported, pathPrefix, configName);
    if (!check.valid) {
      problems.push(...check.problems);
      return undefined;
    }
    warnings.push(...check.warnings);
    return { fields: check.fields, unsupported: sorted.unsupported };
  };

  const top = readSection(parsed);
  const environments = parsed["env"];
  if (environments !== undefined && !isRecord(environments)) {
    problems.push(`env must be an object (got ${describeValue(environments)})`);
  }
  const environmentNames = isRecord(environments) ? Object.keys(environments) : [];

  let env: Section | undefined;
  let environmentMissing = false;
  if (environment !== undefined) {
    const rawEnv = isRecord(environments) && Object.hasOwn(environments, environment) ? environments[environment] : undefined;
    if (rawEnv === undefined) {
      environmentMissing = true;
    } else if (!isRecord(rawEnv)) {
      problems.push(`env.${environment} must be an object (got ${describeValue(rawEnv)})`);
    } else {
      env = readSection(rawEnv, environment);
    }
  }

  if (problems.length > 0 || top === undefined) throw invalid(configName, problems);
  if (environmentMissing) {
    if (environmentNames.length > 0) {
      throw new ConfigError(
        "ERR_ENV_NOT_FOUND",
        `No environment named "${environment}" in ${configName}. ` +
          `Available environments: ${environmentNames.map((name) => `"${name}"`).join(", ")}.`,
      );
    }
    // wrangler only warns when the file defines no environments at all, then uses the top level.
    warnings.push(
      `No environment named "${environment}" in ${configName}, which defines no environments; using the top-level configuration.`,
    );
  }

  const topName = top.fields.name ?? options.defaultName;
  if (environment === undefined || env === undefined) {
    return { fields: { ...top.fields, name: topName }, unsupported: top.unsupported, warnings: unique(warnings) };
  }
  const fields = mergeEnvironment(top.fields, env.fields, environment);
  const unsupported = mergeEnvironment(top.unsupported, env.unsupported, environment);
  return {
    fields: { ...fields.merged, name: env.fields.name ?? `${topName}-${environment}` },
    unsupported: unsupported.merged,
    warnings: unique([...warnings, ...fields.warnings, ...unsupported.warnings]),
  };
}

function invalid(configName: string, problems: string[]): ConfigError {
  return new ConfigError("ERR_CONFIG_INVALID", problems.map((problem) => `${configName}: ${problem}`).join("\n"));
}

function unique(messages: string[]): string[] {
  return [...new Set(messages)];
}
