import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { engineStoreConformance } from "./engine-store.case.js";
import { SqliteEngineStore } from "./sqlite-engine-store.js";

let dir = "";
engineStoreConformance("SQLite", {
  open: async () => new SqliteEngineStore((dir = await mkdtemp(path.join(os.tmpdir(), "outpost-engine-store-"))), "engine"),
  reopen: () => new SqliteEngineStore(dir, "engine"),
  cleanUp: () => rm(dir, { recursive: true, force: true }),
});
