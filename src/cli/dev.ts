import path from "node:path";
import { Command, Option } from "commander";
import { DevServer } from "../dev/dev-server.js";
import { envOption } from "./project-options.js";
import { LOG_FORMATS, LOG_LEVELS, Logger, type LogFormat, type LogLevel } from "../logging/logger.js";
import { pathKind } from "../config/path-kind.js";
import { DevServerError } from "../dev/errors.js";
import type { UpstreamFlags } from "../dev/upstream.js";
import { collectList, oneOf, portNumber } from "./arguments.js";
import { configOverrides, withConfigFlags, type ConfigFlags } from "./dev-config-flags.js";
import { withWranglerDevFlags, wranglerFlagWarnings, type WranglerDevFlags } from "./wrangler-dev-flags.js";

/** A path that names a Worker's code rather than a project: `wrangler dev <script>`. */
const SCRIPT_FILE = /\.(m?[jt]sx?|c[jt]s)$/;

interface DevCommandOptions extends ConfigFlags, WranglerDevFlags, UpstreamFlags {
  /** `--route`, wrangler's other spelling of `--routes`. */
  route?: string[];
  config: string[];
  env?: string;
  port?: number;
  ip?: string;
  localProtocol?: "http" | "https";
  httpsKeyPath?: string;
  httpsCertPath?: string;
  apiPort: number;
  s3Port: number;
  inspectorPort?: number;
  persistTo?: string;
  preview: boolean;
  logLevel: LogLevel;
  logFormat: LogFormat;
  watch: boolean;
}

export function devCommand(): Command {
  const project = new Command("dev")
    .description("Run a Workers project locally on workerd, reloading it as its files change")
    .argument(
      "[path]",
      "project directory or config file (default: the current directory); a script, as in `wrangler dev src/index.ts`, is the entry point in place of `main`, and runs without a config file when the current directory has none",
    )
    .option("-c, --config <path>", "config file or project directory; repeat to run several workers, the first is served and the only one the flags below change", collectList, [])
    .addOption(envOption());
  return withWranglerDevFlags(withConfigFlags(project))
    .option("--port <port>", "port to listen on, 0 for any free one (default: dev.port in the config, else 8787)", portNumber("--port"))
    .option("--ip <address>", "address to listen on (default: dev.ip in the config, else 127.0.0.1)")
    .option("--local-protocol <protocol>", "http or https (default: dev.local_protocol in the config, else http)", oneOf("--local-protocol", ["http", "https"] as const))
    .option("--host <host>", "host the served Worker sees in request.url, as if reached by a route there (default: dev.host in the config, else the first route's host)")
    .option("--local-upstream <host>", "as --host, which wins over it")
    .option("--upstream-protocol <protocol>", "http or https: the scheme the served Worker sees in request.url (default: dev.upstream_protocol, else --local-protocol)", oneOf("--upstream-protocol", ["http", "https"] as const))
    .option("--routes <routes...>", "route patterns in place of the config's route and routes; the first one's host is the served Worker's")
    .addOption(new Option("--route <routes...>").hideHelp())
    .option("--https-key-path <path>", "private key to serve HTTPS with, beside --https-cert-path (default: a self-signed one)")
    .option("--https-cert-path <path>", "certificate to serve HTTPS with, beside --https-key-path")
    .option("--api-port <port>", "port of the REST API for Queues pull consumers (0 picks a free one)", portNumber("--api-port"), 8789)
    .option("--s3-port <port>", "port of R2's S3-compatible API (0 picks a free one)", portNumber("--s3-port"), 8788)
    .option("--inspector-port <port>", "serve the V8 inspector on this loopback port, for Chrome DevTools and VS Code to debug the workers (0 picks a free one)", portNumber("--inspector-port"))
    .option("--persist-to <dir>", "directory for persisted data (default: .outpost/ in the project)")
    .option("--preview", "bind each KV namespace's preview_id instead of its id", false)
    .option("--log-level <level>", `one of ${LOG_LEVELS.join(", ")}`, oneOf("--log-level", LOG_LEVELS), "log")
    .option("--log-format <format>", `one of ${LOG_FORMATS.join(", ")}`, oneOf("--log-format", LOG_FORMATS), "pretty")
    .option("--no-watch", "do not rebuild when files change")
    .action(async (projectPath: string | undefined, options: DevCommandOptions) => {
      const logger = new Logger({ level: options.logLevel, format: options.logFormat });
      for (const warning of wranglerFlagWarnings(options)) logger.warn(warning);
      const cwd = process.cwd();
      // Listening before startup, so Ctrl-C during it still shuts down cleanly once it is done.
      const stopped = new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      const script = projectPath !== undefined && SCRIPT_FILE.test(projectPath) ? path.resolve(cwd, projectPath) : undefined;
      if (script !== undefined && (await pathKind(script)) !== "file") {
        throw new DevServerError("ERR_SCRIPT_NOT_FOUND", `The script ${script} given to outpost dev is not a file.`);
      }
      const server = await DevServer.start(
        {
          configPaths: [...(projectPath === undefined || script !== undefined ? [] : [projectPath]), ...options.config],
          cwd,
          env: options.env,
          overrides: configOverrides(options, script),
          upstream: {
            host: options.host,
            localUpstream: options.localUpstream,
            upstreamProtocol: options.upstreamProtocol,
            routes: [...(options.routes ?? []), ...(options.route ?? [])],
          },
          port: options.port,
          ip: options.ip,
          localProtocol: options.localProtocol,
          httpsKeyPath: options.httpsKeyPath === undefined ? undefined : path.resolve(cwd, options.httpsKeyPath),
          httpsCertPath: options.httpsCertPath === undefined ? undefined : path.resolve(cwd, options.httpsCertPath),
          apiPort: options.apiPort,
          s3Port: options.s3Port,
          inspectorPort: options.inspectorPort,
          persistTo: options.persistTo === undefined ? undefined : path.resolve(cwd, options.persistTo),
          preview: options.preview,
          watch: options.watch,
        },
        logger,
      );
      await stopped;
      await server.close();
    });
}
