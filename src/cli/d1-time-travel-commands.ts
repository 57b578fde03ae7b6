import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { formatBookmark, parseBookmark, type D1History } from "../services/d1/index.js";
import { d1Call } from "./d1-call.js";
import { D1CommandError } from "./d1-command-error.js";
import { d1DatabaseSubcommand } from "./d1-options.js";
import { withD1Database } from "./d1-project.js";
import { printJson } from "./output.js";
import type { ProjectOptions } from "./project-options.js";

interface PointOptions extends ProjectOptions {
  timestamp?: number;
  bookmark?: string;
}

interface RetentionOptions extends ProjectOptions {
  days?: number;
  maxSizeMb?: number;
}

/** `outpost d1 time-travel info|restore|retention`, as wrangler's `d1 time-travel`. */
export function timeTravelCommands(): Command {
  return new Command("time-travel")
    .description("Find and restore earlier states of a database, to any commit within its retention (30 days by default)")
    .addCommand(infoCommand())
    .addCommand(restoreCommand())
    .addCommand(retentionCommand());
}

function infoCommand(): Command {
  return d1DatabaseSubcommand("info", "Print the current bookmark, or the bookmark for a time")
    .option("--timestamp <time>", "a Unix time in seconds or an RFC 3339 time: print the bookmark of the state then", parseTimestamp)
    .action(async (name: string, options: PointOptions) => {
      await withD1Database(options, name, (database) =>
        d1Call(async () => {
          const { history } = database;
          const point = options.timestamp === undefined ? history.latest() : history.at(options.timestamp);
          const bookmark = formatBookmark(point.seq);
          const earliest = history.earliest();
          if (options.json) {
            printJson({ bookmark, committed_at: new Date(point.time).toISOString(), earliest_bookmark: formatBookmark(earliest.seq), earliest_at: new Date(earliest.time).toISOString() });
          } else {
            const when = options.timestamp === undefined ? "current bookmark" : `bookmark for ${new Date(options.timestamp).toISOString()}`;
            process.stdout.write(`The ${when} is '${bookmark}' (committed ${new Date(point.time).toISOString()}).\n`);
            process.stdout.write(`History reaches back to '${formatBookmark(earliest.seq)}' (${new Date(earliest.time).toISOString()}).\n`);
          }
        }),
      );
    });
}

function restoreCommand(): Command {
  return d1DatabaseSubcommand("restore", "Restore a database in place to a bookmark or a time; prints the bookmark that undoes it")
    .option("--bookmark <bookmark>", "the state to restore, as time-travel info prints it")
    .option("--timestamp <time>", "a Unix time in seconds or an RFC 3339 time: restore the state then", parseTimestamp)
    .action(async (name: string, options: PointOptions) => {
      if ((options.bookmark === undefined) === (options.timestamp === undefined)) {
        throw new D1CommandError("ERR_D1_RESTORE_TARGET", "Pass exactly one of --bookmark and --timestamp.");
      }
      await withD1Database(options, name, (database) =>
        d1Call(async () => {
          const { history } = database;
          const seq = options.bookmark === undefined ? history.at(options.timestamp!).seq : parseBookmark(options.bookmark);
          const previous = formatBookmark(history.latest().seq);
          await history.restore(seq, path.join(path.dirname(database.file), `.restore-${process.pid}.sqlite`));
          const bookmark = formatBookmark(seq);
          if (options.json) printJson({ bookmark, previous_bookmark: previous });
          else process.stdout.write(`Restored ${name} to bookmark '${bookmark}'.\nTo undo this, restore to the previous bookmark: outpost d1 time-travel restore ${name} --bookmark ${previous}\n`);
        }),
      );
    });
}

function retentionCommand(): Command {
  return d1DatabaseSubcommand("retention", "Show or set how much history a database keeps")
    .option("--days <days>", "keep every state of the last <days> days", positiveNumber("--days"))
    .option("--max-size-mb <mb>", "keep at most this many MiB of history, dropping the oldest first", positiveNumber("--max-size-mb"))
    .action(async (name: string, options: RetentionOptions) => {
      await withD1Database(options, name, (database) => {
        const { history } = database;
        const current = history.retention();
        if (options.days !== undefined || options.maxSizeMb !== undefined) {
          history.setRetention({ days: options.days ?? current.days, maxBytes: options.maxSizeMb === undefined ? current.maxBytes : options.maxSizeMb * 1024 ** 2 });
        }
        printRetention(history, options);
      });
    });
}

function printRetention(history: D1History, options: ProjectOptions): void {
  const { days, maxBytes } = history.retention();
  const used = history.bytes();
  if (options.json) printJson({ days, max_bytes: maxBytes, used_bytes: used });
  else process.stdout.write(`Keeps ${days} days of history, at most ${(maxBytes / 1024 ** 2).toFixed(0)} MiB; ${(used / 1024 ** 2).toFixed(1)} MiB used.\n`);
}

/** Parses `--timestamp` as wrangler does: Unix seconds, or an RFC 3339 time; answers milliseconds. */
function parseTimestamp(value: string): number {
  const time = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (Number.isNaN(time)) throw new InvalidArgumentError(`--timestamp must be Unix seconds or an RFC 3339 time such as 2026-11-23T12:00:00Z (got "${value}").`);
  return time;
}

function positiveNumber(flag: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!(number > 0)) throw new InvalidArgumentError(`${flag} must be a number above 0 (got "${value}").`);
    return number;
  };
}
