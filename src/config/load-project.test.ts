import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadProject, type LoadProjectOptions } from "./index.js";
import { configErrorOf } from "../../test/helpers/config-error-of.js";
import { TempProjects } from "./temp-projects.js";

const projects = new TempProjects();
after(() => projects.removeAll());

const ENTRY = { "src/index.ts": "export default {};\n" };

function jsonc(config: unknown): string {
  return `// written by a test\n${JSON.stringify(config, null, 2)}\n`;
}

function load(files: Record<string, string>, options: Omit<LoadProjectOptions, "cwd"> = {}) {
  return loadProject({ cwd: projects.create(files), ...options });
}

describe("loadProject", () => {
  it("loadProject: reads wrangler.jsonc, resolving paths against the project and filling in defaults", async () => {
    const dir = projects.create({
      ...ENTRY,
      "public/index.html": "<h1>hi</h1>",
      "wrangler.jsonc": jsonc({
        $schema: "node_modules/wrangler/config-schema.json",
        name: "app",
        main: "src/index.ts",
        compatibility_date: "2025-06-01",
        assets: { directory: "./public", binding: "ASSETS", run_worker_first: ["/api/*"] },
        triggers: { crons: ["*/5 * * * *"] },
      }),
    });
    const project = await loadProject({ cwd: dir });
    assert.equal(project.configFile, path.join(dir, "wrangler.jsonc"));
    assert.equal(project.projectDir, dir);
    assert.deepEqual(project.inputFiles, [path.join(dir, "wrangler.jsonc")]);
    assert.deepEqual(project.warnings, []);
    const { config } = project;
    assert.equal(config.name, "app");
    assert.equal(config.main, path.join(dir, "src/index.ts"));
    assert.equal(config.base_dir, path.join(dir, "src"));
    assert.deepEqual(config.assets, {
      directory: path.join(dir, "public"),
      binding: "ASSETS",
      run_worker_first: ["/api/*"],
    });
    assert.deepEqual(config.triggers, { crons: ["*/5 * * * *"] });
    assert.deepEqual(config.compatibility_flags, []);
    assert.deepEqual(config.vars, {});
    assert.deepEqual(config.rules, []);
    assert.equal(config.no_bundle, false);
    assert.equal(config.find_additional_modules, false);
    assert.equal(config.jsx_factory, "React.createElement");
    assert.equal(config.jsx_fragment, "React.Fragment");
    assert.equal(config.tsconfig, undefined);
    assert.equal(config.keep_names, true);
    assert.equal(config.minify, false);
    assert.deepEqual(config.services, []);
    assert.deepEqual(config.unsupported, {});
  });

  it("loadProject: reads wrangler.toml, keeping rules as given", async () => {
    const project = await load({
      ...ENTRY,
      "wrangler.toml": [
        'name = "toml-app"',
        'main = "src/index.ts"',
        'compatibility_date = "2025-06-01"',
        "base_dir = \"src\"",
        "[vars]",
        'GREETING = "hi"',
        "[[rules]]",
        'type = "Text"',
        'globs = ["**/*.md"]',
        "fallthrough = true",
        "",
      ].join("\n"),
    });
    assert.equal(project.config.name, "toml-app");
    assert.equal(project.config.base_dir, path.join(project.projectDir, "src"));
    assert.deepEqual(project.config.vars, { GREETING: "hi" });
    assert.deepEqual(project.config.rules, [{ type: "Text", globs: ["**/*.md"], fallthrough: true }]);
  });

  it("loadProject: names the Worker after the project directory when the config does not", async () => {
    const project = await load({ ...ENTRY, "wrangler.json": jsonc({ main: "src/index.ts" }) });
    assert.equal(project.config.name, path.basename(project.projectDir));
  });

  it("loadProject: reports every invalid field at once, by file and dotted path", async () => {
    const error = await configErrorOf(
      load({
        ...ENTRY,
        "wrangler.jsonc": jsonc({
          name: 42,
          main: "src/index.ts",
          compatibility_date: "yesterday",
          define: { DEBUG: true },
          services: [{ service: "auth" }],
          rules: [{ type: "PythonModule", globs: ["**/*.py"] }],
          assets: { directory: "public", html_handling: "sometimes" },
          env: { staging: { no_bundle: "yes" } },
        }),
      }, { env: "staging" }),
    );
    assert.equal(error.code, "ERR_CONFIG_INVALID");
    assert.deepEqual(error.message.split("\n"), [
      "wrangler.jsonc: name must be a string (got 42)",
      'wrangler.jsonc: compatibility_date must be a date in YYYY-MM-DD form (got "yesterday")',
      "wrangler.jsonc: define.DEBUG must be a string (got true)",
      'wrangler.jsonc: rules[0].type is "PythonModule", but Outpost does not support Python Workers',
      'wrangler.jsonc: assets.html_handling must be one of "auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none" (got "sometimes")',
      "wrangler.jsonc: services[0].binding is required",
      'wrangler.jsonc: env.staging.no_bundle must be true or false (got "yes")',
    ]);
  });

  it("loadProject: refuses a file that is not an object of settings", async () => {
    const error = await configErrorOf(load({ "wrangler.json": "[1, 2]" }));
    assert.equal(error.code, "ERR_CONFIG_INVALID");
    assert.equal(error.message, "wrangler.json: the file must contain an object of settings (got an array)");
  });

  it("loadProject: warns once for each unsupported or unknown field, not for deploy-only ones, and keeps unsupported ones", async () => {
    const project = await load({
      ...ENTRY,
      "wrangler.jsonc": jsonc({
        name: "app",
        main: "src/index.ts",
        vectorize: [{ binding: "INDEX", index_name: "abc" }],
        observability: { enabled: true },
        workers_dev: false,
        cache: { enabled: true },
        colour: "blue",
        assets: { directory: "src", bindng: "ASSETS" },
        env: {
          staging: {
            vectorize: [{ binding: "INDEX", index_name: "def" }],
            shade: 1,
            alias: { a: "./a.ts" },
            services: [{ binding: "AUTH", service: "auth", environment: "production", props: { level: 1 } }],
          },
        },
      }),
    }, { env: "staging" });
    assert.deepEqual(project.warnings, [
      "`vectorize` is not supported by Outpost yet and is ignored.",
      "`cache` is not supported by Outpost yet and is ignored.",
      "Unknown field `colour` in wrangler.jsonc; it is ignored.",
      "Unknown field `assets.bindng` in wrangler.jsonc; it is ignored.",
      "Unknown field `env.staging.shade` in wrangler.jsonc; it is ignored.",
      "`env.staging.alias` is only read at the top level of wrangler.jsonc; it is ignored.",
      "`env.staging.services[0].environment` is not supported by Outpost yet and is ignored.",
    ]);
    assert.deepEqual(project.config.services, [{ binding: "AUTH", service: "auth", props: { level: 1 } }]);
    assert.deepEqual(project.config.unsupported, {
      vectorize: [{ binding: "INDEX", index_name: "def" }],
      observability: { enabled: true },
      workers_dev: false,
      cache: { enabled: true },
    });
  });

  it("loadProject: `connect` (sockets the Worker listens on) and `k2` (K2 stream producers) are named when they ask for something, and are not inherited", async () => {
    const project = await load({
      ...ENTRY,
      "wrangler.jsonc": jsonc({
        name: "app",
        main: "src/index.ts",
        connect: [{ protocol: "tcp", port: 2525 }],
        k2: [{ binding: "EVENTS", stream: "stream-1" }],
        env: { staging: { k2: [{ binding: "EVENTS", stream: "stream-2" }] } },
      }),
    }, { env: "staging" });
    assert.deepEqual(project.warnings, [
      "`connect` is not supported by Outpost yet and is ignored.",
      "`k2` is not supported by Outpost yet and is ignored.",
      '"connect" exists at the top level, but not on "env.staging". This is not what you probably want, since "connect" is not inherited by environments. Please add "connect" to "env.staging".',
    ]);
    assert.deepEqual(project.config.unsupported, { k2: [{ binding: "EVENTS", stream: "stream-2" }] });
  });

  it("loadProject: `route` (else `routes`) becomes the routes, and dev.host and dev.upstream_protocol are read; a bad route is named", async () => {
    const single = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ name: "app", main: "src/index.ts", route: "a.example.com/*", routes: ["b.example.com/*"] }) });
    assert.deepEqual(single.config.routes, ["a.example.com/*"]);
    const list = await load({
      ...ENTRY,
      "wrangler.jsonc": jsonc({ name: "app", main: "src/index.ts", routes: [{ pattern: "c.example.com/*", zone_name: "example.com" }], dev: { host: "d.test", upstream_protocol: "https" } }),
    });
    assert.deepEqual(list.config.routes, [{ pattern: "c.example.com/*", zone_name: "example.com" }]);
    assert.deepEqual(list.config.dev, { host: "d.test", upstream_protocol: "https" });
    assert.deepEqual(list.warnings, []);
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ name: "app", main: "src/index.ts", routes: [42] }) }));
    assert.match(error.message, /routes\[0\]/);
  });

  it("loadProject: a generated config's provenance fields, empty binding lists and wrangler's defaults pass without warnings", async () => {
    const project = await load({
      ...ENTRY,
      "wrangler.json": JSON.stringify({
        name: "app",
        main: "src/index.ts",
        topLevelName: "app",
        configPath: "../../wrangler.jsonc",
        userConfigPath: "../../wrangler.jsonc",
        definedEnvironments: [],
        legacy_env: true,
        vectorize: [],
        logfwdr: { bindings: [] },
        cloudchamber: {},
        python_modules: { exclude: ["**/*.pyc"] },
        dev: { local_protocol: "http", upstream_protocol: "https", generate_types: true },
        cache: { enabled: false },
        connect: [],
        k2: [],
        ai: { binding: "AI" },
      }),
    });
    assert.deepEqual(project.warnings, [
      "`ai` is not supported by Outpost yet and is ignored.",
      "`dev.generate_types` is not supported by Outpost yet and is ignored.",
    ]);
  });

  it("loadProject: `previews`, `addresses` and `dependencies_instrumentation` only shape a deployment and pass without warnings; `access`, `analytics` and `stream` are named as not supported", async () => {
    const project = await load({
      ...ENTRY,
      "wrangler.json": JSON.stringify({
        name: "app",
        main: "src/index.ts",
        previews: { kv_namespaces: [{ binding: "SESSION" }], images: { binding: "IMAGES" } },
        addresses: ["support@example.com"],
        dependencies_instrumentation: { enabled: false },
        access: { dev: { aud: "aud-tag" } },
        analytics: { binding: "ANALYTICS" },
        stream: { binding: "STREAM" },
      }),
    });
    assert.deepEqual(project.warnings, [
      "`access` is not supported by Outpost yet and is ignored.",
      "`analytics` is not supported by Outpost yet and is ignored.",
      "`stream` is not supported by Outpost yet and is ignored.",
    ]);
  });

  it("loadProject: applies an environment by wrangler's inheritance rules", async () => {
    const project = await load({
      ...ENTRY,
      "src/staging.ts": "export default {};\n",
      "wrangler.jsonc": jsonc({
        name: "app",
        main: "src/index.ts",
        compatibility_date: "2025-01-01",
        compatibility_flags: ["nodejs_compat"],
        alias: { lib: "./src/lib.ts" },
        vars: { MODE: "production" },
        services: [{ binding: "AUTH", service: "auth" }],
        env: {
          staging: { main: "src/staging.ts", define: { STAGE: '"staging"' } },
          named: { name: "custom", vars: { MODE: "named" } },
        },
      }),
    }, { env: "staging" });
    const { config, warnings } = project;
    assert.equal(config.name, "app-staging");
    assert.equal(config.main, path.join(project.projectDir, "src/staging.ts"));
    assert.equal(config.compatibility_date, "2025-01-01");
    assert.deepEqual(config.compatibility_flags, ["nodejs_compat"]);
    assert.deepEqual(config.alias, { lib: "./src/lib.ts" });
    assert.deepEqual(config.define, { STAGE: '"staging"' });
    assert.deepEqual(config.vars, {});
    assert.deepEqual(config.services, []);
    assert.deepEqual(warnings, [
      '"vars" exists at the top level, but not on "env.staging". This is not what you probably want, since "vars" is not inherited by environments. Please add "vars" to "env.staging".',
      '"services" exists at the top level, but not on "env.staging". This is not what you probably want, since "services" is not inherited by environments. Please add "services" to "env.staging".',
    ]);
  });

  it("loadProject: uses an environment's own name as it is", async () => {
    const project = await load({
      ...ENTRY,
      "wrangler.jsonc": jsonc({ name: "app", main: "src/index.ts", env: { named: { name: "custom" } } }),
    }, { env: "named" });
    assert.equal(project.config.name, "custom");
  });

  it("loadProject: lists the available environments when the one asked for does not exist", async () => {
    const error = await configErrorOf(
      load({
        ...ENTRY,
        "wrangler.jsonc": jsonc({ main: "src/index.ts", env: { staging: {}, production: {} } }),
      }, { env: "prod" }),
    );
    assert.equal(error.code, "ERR_ENV_NOT_FOUND");
    assert.match(error.message, /"prod"/);
    assert.match(error.message, /"staging", "production"/);
  });

  it("loadProject: only warns about a missing environment when the file defines none, as wrangler does", async () => {
    const project = await load(
      { ...ENTRY, "wrangler.jsonc": jsonc({ name: "app", main: "src/index.ts" }) },
      { env: "staging" },
    );
    assert.equal(project.config.name, "app");
    assert.equal(project.warnings.length, 1);
    assert.match(project.warnings[0] ?? "", /No environment named "staging"/);
  });

  it("loadProject: returns secrets apart from vars, with the files read, and .dev.vars wins over .env", async () => {
    const project = await load({
      ...ENTRY,
      "wrangler.jsonc": jsonc({ main: "src/index.ts", vars: { MODE: "dev" } }),
      ".dev.vars": "TOKEN=from-dev-vars\n",
      ".env": "TOKEN=from-dotenv\n",
    });
    assert.deepEqual(project.secrets, { TOKEN: "from-dev-vars" });
    assert.deepEqual(project.config.vars, { MODE: "dev" });
    assert.deepEqual(project.inputFiles, [
      path.join(project.projectDir, "wrangler.jsonc"),
      path.join(project.projectDir, ".dev.vars"),
    ]);
  });

  it("loadProject: with secrets.required, a secret file binds only required secrets and vars keys, and a missing required secret is named", async () => {
    const files = {
      ...ENTRY,
      "wrangler.jsonc": jsonc({ main: "src/index.ts", vars: { MODE: "dev" }, secrets: { required: ["API_KEY", "DB_PASSWORD"] } }),
      ".dev.vars": "API_KEY=k\nMODE=local\nSTRAY=s\nOTHER=o\n",
    };
    const project = await load(files);
    assert.deepEqual(project.secrets, { API_KEY: "k", MODE: "local" });
    assert.deepEqual(project.config.secrets, { required: ["API_KEY", "DB_PASSWORD"] });
    assert.deepEqual(project.warnings, [
      ".dev.vars sets OTHER, STRAY, which are neither in `vars` nor in `secrets.required`; left unbound, as wrangler dev leaves them.",
      "`secrets.required` names DB_PASSWORD, which .dev.vars does not set; unbound until set there or with --var.",
    ]);
    const overridden = await load(files, { overrides: { vars: { DB_PASSWORD: "p" } } });
    assert.deepEqual(overridden.warnings.filter((warning) => warning.includes("DB_PASSWORD")), [], "--var sets it");
    const none = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", secrets: { required: ["API_KEY"] } }) });
    assert.deepEqual(none.warnings, ["`secrets.required` names API_KEY, but there is no .dev.vars or .env file to set them; unbound until set there or with --var."]);
  });

  it("loadProject: with secrets declared, or CLOUDFLARE_INCLUDE_PROCESS_ENV=true, the environment sets secrets over .env files, as in wrangler", async () => {
    const declared = await load(
      { ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", vars: { MODE: "dev" }, secrets: { required: ["API_KEY"] } }), ".env": "API_KEY=from-file\nSTRAY=s\n" },
      { processEnv: { API_KEY: "from-shell", MODE: "ci", PATH: "/bin" } },
    );
    assert.deepEqual(declared.secrets, { API_KEY: "from-shell", MODE: "ci" });
    assert.deepEqual(declared.warnings, [".env sets STRAY, which is neither in `vars` nor in `secrets.required`; left unbound, as wrangler dev leaves them."]);
    const flagged = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts" }), ".env": "A=${B}\n" }, { processEnv: { CLOUDFLARE_INCLUDE_PROCESS_ENV: "true", B: "b" } });
    assert.deepEqual(flagged.secrets, { A: "b", CLOUDFLARE_INCLUDE_PROCESS_ENV: "true", B: "b" });
    const plain = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts" }), ".env": "A=${B}\n" }, { processEnv: { B: "b" } });
    assert.deepEqual(plain.secrets, { A: "" });
    const unread = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts" }), ".env": "A=a\n" }, { processEnv: { CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: "false" } });
    assert.deepEqual(unread.secrets, {});
  });

  it("loadProject: applies --var overrides over vars", async () => {
    const project = await load(
      { ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", vars: { MODE: "dev", KEEP: { a: 1 } } }) },
      { overrides: { vars: { MODE: "test", EXTRA: "x" } } },
    );
    assert.deepEqual(project.config.vars, { MODE: "test", KEEP: { a: 1 }, EXTRA: "x" });
  });

  it("loadProject: refuses d1_binding_jsrpc beside d1_databases, naming the flag; accepts it without D1", async () => {
    const d1 = [{ binding: "DB", database_name: "app", database_id: "00000000-0000-4000-8000-000000000001" }];
    const base = { name: "app", main: "src/index.ts", compatibility_date: "2025-06-01", compatibility_flags: ["nodejs_compat", "d1_binding_jsrpc"] };
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ ...base, d1_databases: d1 }) }));
    assert.equal(error.code, "ERR_CONFIG_INVALID");
    assert.match(error.message, /^compatibility_flags in wrangler\.jsonc: "d1_binding_jsrpc" is an experimental workerd flag .* Remove it to use d1_databases\.$/);
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc(base) });
    assert.deepEqual(project.config.compatibility_flags, ["nodejs_compat", "d1_binding_jsrpc"]);
  });

  it("loadProject: asks for `main` when neither main nor assets is set", async () => {
    const error = await configErrorOf(load({ "wrangler.jsonc": jsonc({ name: "app" }) }));
    assert.equal(error.code, "ERR_MAIN_MISSING");
    assert.match(error.message, /Set `main` in wrangler\.jsonc/);
  });

  it("loadProject: names the resolved entry point and the config file when `main` does not exist", async () => {
    const dir = projects.create({ "wrangler.toml": 'main = "src/missing.ts"\n' });
    const error = await configErrorOf(loadProject({ cwd: dir }));
    assert.equal(error.code, "ERR_MAIN_NOT_FOUND");
    assert.ok(error.message.includes(path.join(dir, "src/missing.ts")), error.message);
    assert.ok(error.message.includes("wrangler.toml"), error.message);
  });

  it("loadProject for data: reads a config whose main and assets do not exist yet, and no secrets", async () => {
    const files = {
      "wrangler.toml": 'main = "src/missing.ts"\n[assets]\ndirectory = "public"\n[[d1_databases]]\nbinding = "DB"\ndatabase_id = "db"\n[secrets]\nrequired = ["API_KEY"]\n',
      ".dev.vars": "STRAY=s\n",
    };
    const project = await load(files, { purpose: "data" });
    assert.deepEqual(project.config.d1_databases.map((database) => database.binding), ["DB"]);
    assert.deepEqual({ secrets: project.secrets, warnings: project.warnings, inputFiles: project.inputFiles.map((file) => path.basename(file)) }, { secrets: {}, warnings: [], inputFiles: ["wrangler.toml"] });
    assert.equal((await configErrorOf(load(files))).code, "ERR_MAIN_NOT_FOUND");
  });

  it("loadProject: build options are inherited by an environment, and `tsconfig` is resolved against the project", async () => {
    const files = {
      ...ENTRY,
      "config/tsconfig.worker.json": "{}",
      "wrangler.jsonc": jsonc({
        main: "src/index.ts",
        jsx_factory: "h",
        jsx_fragment: "Fragment",
        tsconfig: "config/tsconfig.worker.json",
        keep_names: false,
        env: { production: { minify: true } },
      }),
    };
    const { config, projectDir, warnings } = await loadProject({ cwd: projects.create(files), env: "production" });
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      [config.jsx_factory, config.jsx_fragment, config.tsconfig, config.keep_names, config.minify],
      ["h", "Fragment", path.join(projectDir, "config/tsconfig.worker.json"), false, true],
    );
  });

  it("loadProject: names the resolved path and the field when `tsconfig` does not exist", async () => {
    const dir = projects.create({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", tsconfig: "tsconfig.worker.json" }) });
    const error = await configErrorOf(loadProject({ cwd: dir }));
    assert.equal(error.code, "ERR_TSCONFIG_NOT_FOUND");
    assert.equal(error.message, `The tsconfig ${path.join(dir, "tsconfig.worker.json")} (\`tsconfig\` in wrangler.jsonc) does not exist.`);
  });

  it("loadProject: `build` resolves cwd and watch_dir against the project; without a command there is no build", async () => {
    const files = {
      "tools/.keep": "",
      "wrangler.jsonc": jsonc({
        main: "dist/index.js",
        build: { command: "make worker" },
        env: { split: { build: { command: "make", cwd: "tools", watch_dir: ["src", "../shared"] } }, none: { build: { cwd: "tools" } } },
      }),
    };
    const dir = projects.create(files);
    const whole = await loadProject({ cwd: dir });
    assert.deepEqual(whole.config.build, { command: "make worker", cwd: dir, watch_dirs: [path.join(dir, "src")] });
    const split = await loadProject({ cwd: dir, env: "split" });
    assert.deepEqual(split.config.build, {
      command: "make",
      cwd: path.join(dir, "tools"),
      watch_dirs: [path.join(dir, "src"), path.resolve(dir, "../shared")],
    });
    const none = await configErrorOf(loadProject({ cwd: dir, env: "none" }));
    assert.equal(none.code, "ERR_MAIN_NOT_FOUND", "with no command to write it, main must exist");
  });

  it("loadProject: names the resolved path and the field when `build.cwd` does not exist", async () => {
    const dir = projects.create({ "wrangler.jsonc": jsonc({ main: "dist/index.js", build: { command: "make", cwd: "worker" } }) });
    const error = await configErrorOf(loadProject({ cwd: dir }));
    assert.equal(error.code, "ERR_BUILD_CWD_NOT_FOUND");
    assert.equal(error.message, `The custom build's directory ${path.join(dir, "worker")} (\`build.cwd\` in wrangler.jsonc) does not exist.`);
  });

  it("loadProject: unsafe.bindings of type ratelimit join ratelimits, checked as they are; other unsafe bindings are named in a warning", async () => {
    const unsafe = {
      bindings: [
        { name: "OLD_LIMITER", type: "ratelimit", namespace_id: 1001, simple: { limit: 5, period: 60 } },
        { name: "AI_GATEWAY", type: "ai_gateway", id: "x" },
      ],
      metadata: { keep_bindings: ["plain_text"] },
    };
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", unsafe }) });
    assert.deepEqual(project.config.ratelimits, [{ name: "OLD_LIMITER", namespace_id: "1001", simple: { limit: 5, period: 60 } }]);
    assert.deepEqual(project.warnings, [
      "`unsafe.metadata` is not supported by Outpost yet and is ignored.",
      '`unsafe.bindings[1]` (type "ai_gateway") is not supported by Outpost yet and is ignored.',
    ]);
    const bad = { bindings: [{ name: "OLD_LIMITER", type: "ratelimit", namespace_id: "1", simple: { limit: 5, period: 30 } }] };
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", unsafe: bad }) }));
    assert.match(error.message, /unsafe\.bindings\[0\]\.simple\.period must be one of 10, 60 \(got 30\)/);
  });

  it("loadProject: exports declares Durable Object classes as wrangler spells them; a live one names its storage, a renamed one its renamed_to", async () => {
    const exports = {
      Counter: { type: "durable-object", storage: "sqlite" },
      Old: { type: "durable-object", state: "renamed", renamed_to: "Counter" },
      Incoming: { type: "durable-object", state: "expecting-transfer", storage: "legacy-kv", transfer_from: "other" },
      default: { type: "worker", cache: { enabled: true } },
    };
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", exports }) });
    assert.deepEqual(project.config.exports, exports);
    const bad = { Old: { type: "durable-object", state: "renamed" }, Bare: { type: "durable-object" }, Underscored: { type: "durable_object", storage: "sqlite" } };
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", exports: bad }) }));
    assert.match(error.message, /exports\.Old is renamed, so it needs renamed_to: the class it became/);
    assert.match(error.message, /exports\.Bare is a live class, so it needs storage: "sqlite" or "legacy-kv"/);
    assert.match(error.message, /exports\.Underscored\.type/);
  });

  it("loadProject: ratelimits need a whole-number limit above 0 and a period of 10 or 60", async () => {
    const ratelimits = [
      { name: "OK", namespace_id: "1001", simple: { limit: 100, period: 10 } },
      { name: "TOO_LONG", namespace_id: "1002", simple: { limit: 5, period: 900 } },
      { name: "NONE", namespace_id: "1003", simple: { limit: 0, period: 60 } },
    ];
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", ratelimits }) }));
    assert.equal(error.code, "ERR_CONFIG_INVALID");
    assert.match(error.message, /ratelimits\[1\]\.simple\.period must be one of 10, 60 \(got 900\)/);
    assert.match(error.message, /ratelimits\[2\]\.simple\.limit must be a whole number above 0 \(got 0\)/);
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", ratelimits: ratelimits.slice(0, 1) }) });
    assert.deepEqual(project.config.ratelimits, ratelimits.slice(0, 1));
  });

  it("loadProject: an Analytics Engine dataset defaults to its binding's name, and a binding is required", async () => {
    const analytics_engine_datasets = [{ binding: "EVENTS", dataset: "page_views" }, { binding: "ERRORS" }];
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", analytics_engine_datasets }) });
    assert.deepEqual(project.config.analytics_engine_datasets, [
      { binding: "EVENTS", dataset: "page_views" },
      { binding: "ERRORS", dataset: "ERRORS" },
    ]);
    assert.deepEqual(project.warnings, []);
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", analytics_engine_datasets: [{ dataset: "page_views" }] }) }));
    assert.equal(error.code, "ERR_CONFIG_INVALID");
    assert.match(error.message, /analytics_engine_datasets\[0\]\.binding/);
  });

  it("loadProject: a Secrets Store binding names its store and secret", async () => {
    const secrets_store_secrets = [{ binding: "API_KEY", store_id: "demo-store", secret_name: "api_key" }];
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", secrets_store_secrets }) });
    assert.deepEqual(project.config.secrets_store_secrets, secrets_store_secrets);
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", secrets_store_secrets: [{ binding: "API_KEY", secret_name: "api_key" }] }) }));
    assert.match(error.message, /secrets_store_secrets\[0\]\.store_id/);
  });

  it("loadProject: a send_email binding restricts its recipients one way, not both", async () => {
    const send_email = [{ name: "EMAIL", destination_address: "a@example.com", allowed_sender_addresses: ["noreply@example.com"] }];
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", send_email }) });
    assert.deepEqual(project.config.send_email, send_email);
    const both = [{ name: "EMAIL", destination_address: "a@example.com", allowed_destination_addresses: ["b@example.com"] }];
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", send_email: both }) }));
    assert.match(error.message, /send_email\[0\] may set destination_address or allowed_destination_addresses, not both/);
  });

  it("loadProject: the images binding names its binding", async () => {
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", images: { binding: "IMAGES" } }) });
    assert.deepEqual(project.config.images, { binding: "IMAGES" });
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", images: { name: "IMAGES" } }) }));
    assert.match(error.message, /images\.binding/);
  });

  it("loadProject: worker_loaders name their bindings", async () => {
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", worker_loaders: [{ binding: "LOADER" }] }) });
    assert.deepEqual(project.config.worker_loaders, [{ binding: "LOADER" }]);
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", worker_loaders: [{ name: "LOADER" }] }) }));
    assert.match(error.message, /worker_loaders\[0\]\.binding/);
  });

  it("loadProject: a Workers Sites bucket is resolved against the project, and must exist", async () => {
    const project = await load({ ...ENTRY, "public/index.html": "<h1>", "wrangler.jsonc": jsonc({ main: "src/index.ts", site: { bucket: "public", include: ["*.html"] } }) });
    assert.deepEqual(project.config.site, { bucket: path.join(project.projectDir, "public"), include: ["*.html"], exclude: undefined });
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", site: { bucket: "missing" } }) }));
    assert.equal(error.code, "ERR_SITE_BUCKET_NOT_FOUND");
    assert.match(error.message, /^The Workers Sites bucket .*missing \(`site.bucket` in wrangler.jsonc\) does not exist\.$/);
    const both = await configErrorOf(load({ ...ENTRY, "public/index.html": "<h1>", "wrangler.jsonc": jsonc({ main: "src/index.ts", site: { bucket: "public" }, assets: { directory: "public" } }) }));
    assert.equal(both.message, "Cannot use assets and Workers Sites in the same Worker. Remove either the `site` or the `assets` field from wrangler.jsonc.");
  });

  it("loadProject: wasm_modules, text_blobs and data_blobs are resolved against the project, and their files must exist", async () => {
    const blobs = { wasm_modules: { ADDER: "add.wasm" }, text_blobs: { MOTTO: "motto.txt" }, data_blobs: { MAGIC: "magic.bin" } };
    const files = { ...ENTRY, "add.wasm": "", "motto.txt": "", "magic.bin": "", "wrangler.jsonc": jsonc({ main: "src/index.ts", ...blobs }) };
    const project = await load(files);
    assert.deepEqual(project.config.wasm_modules, { ADDER: path.join(project.projectDir, "add.wasm") });
    assert.deepEqual(project.config.text_blobs, { MOTTO: path.join(project.projectDir, "motto.txt") });
    assert.deepEqual(project.config.data_blobs, { MAGIC: path.join(project.projectDir, "magic.bin") });
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", text_blobs: { MOTTO: "gone.txt" } }) }));
    assert.equal(error.code, "ERR_BLOB_NOT_FOUND");
    assert.match(error.message, /^The file .*gone\.txt \(`text_blobs\.MOTTO` in wrangler\.jsonc\) does not exist\.$/);
    const notText = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", data_blobs: { MAGIC: 7 } }) }));
    assert.match(notText.message, /data_blobs\.MAGIC/);
  });

  it("loadProject: a pipeline binding sends to its stream, or to wrangler's deprecated pipeline field", async () => {
    const pipelines = [{ binding: "A", stream: "s1" }, { binding: "B", pipeline: "p1" }];
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", pipelines }) });
    assert.deepEqual(project.config.pipelines, [{ binding: "A", stream: "s1" }, { binding: "B", stream: "p1" }]);
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", pipelines: [{ binding: "A" }] }) }));
    assert.match(error.message, /pipelines\[0\] needs the stream it sends to, in stream/);
  });

  it("loadProject: a dispatch namespace binding names its namespace; an outbound worker is reported, not run", async () => {
    const dispatch_namespaces = [{ binding: "DISPATCHER", namespace: "customers", outbound: { service: "outbound" } }];
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", dispatch_namespaces }) });
    assert.deepEqual(project.config.dispatch_namespaces, [{ binding: "DISPATCHER", namespace: "customers" }]);
    assert.deepEqual(project.warnings, ["`dispatch_namespaces[0].outbound` is not supported by Outpost yet and is ignored."]);
  });

  it("loadProject: dev.ip and dev.port are read from the top level only, and a port must be one", async () => {
    const project = await load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", dev: { ip: "0.0.0.0", port: 3000 }, env: { staging: { dev: { port: 4000 } } } }) }, { env: "staging" });
    assert.deepEqual(project.config.dev, { ip: "0.0.0.0", port: 3000 });
    assert.deepEqual(project.warnings, ["`env.staging.dev` is only read at the top level of wrangler.jsonc; it is ignored."]);
    const error = await configErrorOf(load({ ...ENTRY, "wrangler.jsonc": jsonc({ main: "src/index.ts", dev: { port: 70000 } }) }));
    assert.equal(error.message, "wrangler.jsonc: dev.port must be an integer from 0 to 65535 (got 70000)");
  });

  it("loadProject: accepts an assets-only project but not a missing assets directory", async () => {
    const project = await load({ "dist/index.html": "", "wrangler.jsonc": jsonc({ assets: { directory: "dist" } }) });
    assert.equal(project.config.main, undefined);
    assert.equal(project.config.base_dir, undefined);

    const dir = projects.create({ "wrangler.jsonc": jsonc({ assets: { directory: "build" } }) });
    const error = await configErrorOf(loadProject({ cwd: dir }));
    assert.equal(error.code, "ERR_ASSETS_DIRECTORY_NOT_FOUND");
    assert.ok(error.message.includes(path.join(dir, "build")), error.message);
  });

  it("loadProject: reads the config file a path names, relative to cwd, and names it so in messages", async () => {
    const cwd = projects.create({ "app/wrangler.jsonc": jsonc({ compatibility_date: "someday", main: "x.ts" }) });
    const error = await configErrorOf(loadProject({ cwd, configPath: "app/wrangler.jsonc" }));
    assert.equal(error.message, `${path.join("app", "wrangler.jsonc")}: compatibility_date must be a date in YYYY-MM-DD form (got "someday")`);
  });
  it("loadProject: command-line overrides replace the config's fields and merge into its maps", async () => {
    const dir = projects.create({
      ...ENTRY,
      "src/other.ts": "export default {};\n",
      "public/index.html": "",
      "tsconfig.build.json": "{}",
      "wrangler.jsonc": jsonc({
        name: "app",
        main: "src/index.ts",
        compatibility_date: "2024-01-01",
        compatibility_flags: ["nodejs_compat"],
        define: { A: "1", B: "2" },
        alias: { lodash: "lodash-es" },
        assets: { directory: "missing-in-config", binding: "ASSETS" },
        no_bundle: true,
      }),
    });
    const { config } = await loadProject({
      cwd: dir,
      overrides: {
        main: path.join(dir, "src/other.ts"),
        name: "renamed",
        compatibilityDate: "2025-06-01",
        compatibilityFlags: ["nodejs_als"],
        define: { B: "3" },
        alias: { react: "preact/compat" },
        assets: path.join(dir, "public"),
        bundle: true,
        minify: true,
        tsconfig: path.join(dir, "tsconfig.build.json"),
        jsxFactory: "h",
        jsxFragment: "Fragment",
      },
    });
    assert.equal(config.name, "renamed");
    assert.equal(config.main, path.join(dir, "src/other.ts"));
    assert.equal(config.base_dir, path.join(dir, "src"));
    assert.equal(config.compatibility_date, "2025-06-01");
    assert.deepEqual(config.compatibility_flags, ["nodejs_als"]);
    assert.deepEqual(config.define, { A: "1", B: "3" });
    assert.deepEqual(config.alias, { lodash: "lodash-es", react: "preact/compat" });
    assert.deepEqual(config.assets, { directory: path.join(dir, "public"), binding: "ASSETS" });
    assert.equal(config.no_bundle, false);
    assert.equal(config.minify, true);
    assert.equal(config.tsconfig, path.join(dir, "tsconfig.build.json"));
    assert.deepEqual([config.jsx_factory, config.jsx_fragment], ["h", "Fragment"]);
  });

  it("loadProject: --var beats .dev.vars as well as vars", async () => {
    const project = await load(
      { ...ENTRY, ".dev.vars": "TOKEN=dev\nOTHER=dev\n", "wrangler.jsonc": jsonc({ main: "src/index.ts", vars: { TOKEN: "config" } }) },
      { overrides: { vars: { TOKEN: "flag" } } },
    );
    assert.deepEqual(project.config.vars, { TOKEN: "flag" });
    assert.deepEqual(project.secrets, { OTHER: "dev" });
  });

  it("loadProject: a script or an assets directory given without a config file makes cwd the project", async () => {
    const dir = projects.create({ ...ENTRY, ".dev.vars": "TOKEN=t\n" });
    const project = await loadProject({ cwd: dir, env: "staging", overrides: { main: path.join(dir, "src/index.ts") } });
    assert.equal(project.configFile, undefined);
    assert.equal(project.configName, "the command line");
    assert.equal(project.projectDir, dir);
    assert.equal(project.config.name, path.basename(dir));
    assert.equal(project.config.compatibility_date, undefined);
    assert.deepEqual(project.secrets, { TOKEN: "t" }, ".dev.vars is read beside the script's project too");
    assert.deepEqual(project.inputFiles, [path.join(dir, ".dev.vars")]);
    assert.deepEqual(project.warnings, []);

    const error = await configErrorOf(loadProject({ cwd: dir, overrides: { name: "x" } }));
    assert.equal(error.code, "ERR_CONFIG_NOT_FOUND", "a name alone runs nothing, so the config is still needed");
  });

  it("loadProject: --env-file paths are relative to the project, as wrangler resolves them", async () => {
    const cwd = projects.create({ ...ENTRY, "app/src/index.ts": "export default {};\n", "app/ci.env": "X=1\n", "app/wrangler.jsonc": jsonc({ main: "src/index.ts" }) });
    const project = await loadProject({ cwd, configPath: "app", overrides: { envFiles: ["ci.env"] } });
    assert.deepEqual(project.secrets, { X: "1" });
    assert.deepEqual(project.inputFiles, [path.join(cwd, "app/wrangler.jsonc"), path.join(cwd, "app/ci.env")]);
  });

  describe("loadProject: a build tool's redirect", () => {
    /** A project the Vite plugin built: the user's config names source it cannot run as it is, the generated one the bundle. */
    function built(generated: Record<string, unknown>, extra: Record<string, string> = {}): string {
      return projects.create({
        "wrangler.jsonc": jsonc({ name: "app", main: "workers/app.ts", vars: { FROM: "user config" } }),
        "workers/app.ts": 'import build from "virtual:react-router/server-build";\nexport default build;\n',
        "dist/app/wrangler.json": JSON.stringify({ name: "app", main: "index.js", no_bundle: true, ...generated }),
        "dist/app/index.js": "export default {};\n",
        ".wrangler/deploy/config.json": JSON.stringify({ configPath: "../../dist/app/wrangler.json", auxiliaryWorkers: [] }),
        ...extra,
      });
    }

    it("loadProject: follows the redirect when asked, reading the generated config's paths against it and secrets beside the user's config, as wrangler dev does", async () => {
      const dir = built(
        { vars: { FROM: "generated config" }, assets: { directory: "../client" } },
        { "dist/client/index.html": "<h1>hi</h1>", ".dev.vars": "SECRET=beside the user config\n", "dist/app/.dev.vars": "SECRET=copied by the build\n" },
      );
      const project = await loadProject({ cwd: dir, followRedirect: true });
      assert.equal(project.configFile, path.join(dir, "dist/app/wrangler.json"));
      assert.equal(project.configName, path.join("dist", "app", "wrangler.json"));
      assert.equal(project.projectDir, dir);
      assert.equal(project.config.main, path.join(dir, "dist/app/index.js"));
      assert.equal(project.config.assets?.directory, path.join(dir, "dist/client"));
      assert.deepEqual(project.config.vars, { FROM: "generated config" });
      assert.deepEqual(project.secrets, { SECRET: "beside the user config" });
      assert.deepEqual(project.inputFiles, [path.join(dir, "dist/app/wrangler.json"), path.join(dir, ".dev.vars")]);
      assert.deepEqual(project.warnings, []);
      assert.deepEqual(project.notices, [
        "Using redirected Wrangler configuration.\n" +
          ' - Configuration being used: "dist/app/wrangler.json"\n' +
          ' - Original user\'s configuration: "wrangler.jsonc"\n' +
          ' - Deploy configuration file: ".wrangler/deploy/config.json"',
      ]);
    });

    it("loadProject: reads the user's config, as wrangler's data commands do, unless asked to follow the redirect", async () => {
      const project = await loadProject({ cwd: built({ vars: { FROM: "generated config" } }) });
      assert.deepEqual(project.config.vars, { FROM: "user config" });
      assert.deepEqual(project.notices, []);
    });

    it("loadProject: --env keeps a redirected config's top level, unless the config was built for another environment", async () => {
      const untargeted = await loadProject({ cwd: built({}), followRedirect: true, env: "staging" });
      assert.equal(untargeted.config.name, "app", "no env.staging is looked for, and none is derived");
      assert.deepEqual(untargeted.warnings, []);
      const targeted = await loadProject({ cwd: built({ name: "app-staging", targetEnvironment: "staging" }), followRedirect: true, env: "staging" });
      assert.equal(targeted.config.name, "app-staging");

      const error = await configErrorOf(loadProject({ cwd: built({ targetEnvironment: "production" }), followRedirect: true, env: "staging" }));
      assert.equal(error.code, "ERR_ENV_NOT_BUILT");
      assert.equal(
        error.message,
        'You have specified the environment "staging" via the `--env/-e` CLI argument.\n' +
          'This does not match the target environment "production" that was used when building the application.\n' +
          'Perhaps you need to re-run the custom build of the project with "staging" as the selected environment?',
      );
    });

    it("loadProject: a redirected config that defines environments is refused in wrangler's words", async () => {
      const error = await configErrorOf(loadProject({ cwd: built({ env: { staging: {}, testing: {} } }), followRedirect: true }));
      assert.equal(error.code, "ERR_CONFIG_INVALID");
      assert.equal(
        error.message,
        `${path.join("dist", "app", "wrangler.json")}: Redirected configurations cannot include environments but the following have been found:\n` +
          "\t- staging\n\t- testing\n\n" +
          "Such configurations are generated by tools, meaning that one of the tools\n" +
          "your application is using is generating the incorrect configuration.\n" +
          "Report this issue to the tool's author so that this can be fixed there.",
      );
    });
  });
});
