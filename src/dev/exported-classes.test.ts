import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { WorkerConfig } from "../config/index.js";
import { checkExportedClasses } from "./exported-classes.js";

function config(fields: Partial<WorkerConfig>): WorkerConfig {
  return { main: "/app/src/index.ts", durable_objects: { bindings: [] }, workflows: [], ...fields } as WorkerConfig;
}

describe("checkExportedClasses", () => {
  const bundle = (exports?: string[]) => ({ modules: [], sourceMaps: [], inputs: [], format: "modules" as const, ...(exports && { exports }) });

  it("names the Workflow classes the entrypoint does not export, once each", () => {
    const workflows = [
      { name: "a", binding: "A", class_name: "SignupFlow" },
      { name: "b", binding: "B", class_name: "SignupFlow" },
      { name: "c", binding: "C", class_name: "Exported" },
    ];
    assert.throws(() => checkExportedClasses(config({ workflows }), bundle(["default", "Exported"]), "/app"), {
      code: "ERR_CLASS_NOT_EXPORTED",
      message: "Your Worker depends on the following Workflows, which are not exported in your entrypoint file: SignupFlow.\nYou should export these objects from your entrypoint, src/index.ts.",
    });
  });

  it("leaves alone classes another worker defines, and a main module whose exports are unknown", () => {
    const durable_objects = { bindings: [{ name: "COUNTER", class_name: "Counter", script_name: "counters" }] };
    assert.doesNotThrow(() => checkExportedClasses(config({ durable_objects }), bundle(["default"]), "/app"));
    assert.doesNotThrow(() => checkExportedClasses(config({ workflows: [{ name: "a", binding: "A", class_name: "Flow" }] }), bundle(), "/app"));
  });
});
