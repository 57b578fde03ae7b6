import type { BindingWrapper } from "./facade.js";

/** Module name of the module that wraps a worker's `env`, shared by the facade and a Service Worker's globals. */
export const WRAPPED_ENV_MODULE = "__outpost_env.js";

/**
 * Source of the module whose `wrapEnv(env)` gives the env user code sees: `env` itself when no
 * binding is wrapped, else one copy per `env` object with each wrapped binding replaced.
 */
export function wrappedEnvSource(wrappers: readonly BindingWrapper[]): string {
  if (wrappers.length === 0) return "export function wrapEnv(env) {\n  return env;\n}\n";
  const imports = [...new Set(wrappers.map((w) => `import { ${w.exportName} } from ${JSON.stringify(`./${w.module}`)};`))];
  const wrapping = wrappers.map((w) => {
    const name = JSON.stringify(w.binding);
    return `    if (env[${name}] !== undefined) wrapped[${name}] = ${w.exportName}(${name}, env[${name}]);`;
  });
  return `${imports.join("\n")}

const wrappedEnvs = new WeakMap();

export function wrapEnv(env) {
  let wrapped = wrappedEnvs.get(env);
  if (wrapped === undefined) {
    wrapped = { ...env };
${wrapping.join("\n")}
    wrappedEnvs.set(env, wrapped);
  }
  return wrapped;
}
`;
}
