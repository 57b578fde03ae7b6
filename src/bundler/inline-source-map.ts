import { appendFile, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

interface SourceMapJson {
  sources: string[];
}

/**
 * Appends `mapFile`, the source map of `bundleFile`, to the bundle as a data URL, for a debugger:
 * workerd names a module by its module name, against which no debugger can find a map file. Its
 * sources become absolute `file://` URLs, so Chrome DevTools shows them by their paths and VS Code
 * sets breakpoints in the files themselves.
 */
export async function inlineSourceMap(bundleFile: string, mapFile: string): Promise<void> {
  const map = JSON.parse(await readFile(mapFile, "utf8")) as SourceMapJson;
  const dir = path.dirname(mapFile);
  map.sources = map.sources.map((source) => pathToFileURL(path.resolve(dir, source)).href);
  const data = Buffer.from(JSON.stringify(map)).toString("base64");
  await appendFile(bundleFile, `\n//# sourceMappingURL=data:application/json;base64,${data}\n`);
}
