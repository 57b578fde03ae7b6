import type { DefinitionDiagnostic } from "../../errors.js";
import type { StateType } from "../definition-types.js";
import { jsonataExpression } from "../jsonata-evaluator.js";
import { parseTimestamp } from "../timestamp.js";
import { checkChoices } from "./choice-rule-checks.js";
import { Diagnostics, isObject } from "./diagnostics.js";
import { checkCatch, checkRetry } from "./error-handler-checks.js";
import { checkAssign, checkDynamicValue, checkExclusive, checkJsonataValue, checkNumber, checkPath, checkPayloadTemplate } from "./field-checks.js";
import {
  BRANCH_FIELDS,
  DISTRIBUTED_MAP_FIELDS,
  JSONATA_ONLY,
  JSONPATH_ONLY,
  MACHINE_FIELDS,
  PROCESSOR_FIELDS,
  STATE_FIELDS,
  STATE_TYPES,
  TRANSITIONING,
} from "./state-fields.js";

/** Decides which Task `Resource`s exist: returns null when known, else why not. */
export type ResourceValidator = (resource: string) => string | null;

export interface ValidationOptions {
  /** @default every resource is accepted */
  resourceValidator?: ResourceValidator;
  /** EXPRESS machines cannot use `.sync` or `.waitForTaskToken` resources. @default "STANDARD" */
  type?: "STANDARD" | "EXPRESS";
}

const EXPRESS_UNSUPPORTED_PATTERNS = [".sync", ".sync:2", ".waitForTaskToken"];

/** AWS caps state names at 80 characters. */
export const MAX_STATE_NAME_LENGTH = 80;

/** Checks a parsed definition; returns every problem found (empty when valid). */
export function validateDefinition(definition: unknown, options: ValidationOptions = {}): DefinitionDiagnostic[] {
  const d = new Diagnostics();
  new MachineValidator(d, options).machine(definition, "", MACHINE_FIELDS, "JSONPath", true);
  return d.list;
}

type Target = { path: string; next: unknown };

class MachineValidator {
  readonly #names = new Set<string>();
  constructor(
    readonly d: Diagnostics,
    readonly options: ValidationOptions,
  ) {}

  machine(def: unknown, at: string, fields: Set<string>, inherited: string, top: boolean): void {
    const d = this.d;
    const where = at || "/";
    if (!isObject(def)) return d.add(where, "A state machine must be a JSON object");
    for (const key of Object.keys(def)) if (!fields.has(key)) d.add(`${at}/${key}`, `The field "${key}" is not supported by Step Functions`);
    const language = this.#language(def.QueryLanguage, at, inherited, top);
    if (top) checkNumber(d, at, "TimeoutSeconds", def.TimeoutSeconds, { min: 1, max: 99999999, jsonata: false });
    if (typeof def.StartAt !== "string") d.add(where, "These fields are required: [StartAt]");
    if (!isObject(def.States) || Object.keys(def.States).length === 0) return d.add(where, "These fields are required: [States]");
    const states = def.States;
    if (typeof def.StartAt === "string" && !(def.StartAt in states)) d.add(`${at}/StartAt`, `Missing 'Next' target: ${def.StartAt}`, "MISSING_TRANSITION_TARGET");
    const edges = new Map<string, string[]>();
    for (const [name, state] of Object.entries(states)) {
      const path = `${at}/States/${name}`;
      if (name.length === 0 || name.length > MAX_STATE_NAME_LENGTH) d.add(path, `State names must be 1 to ${MAX_STATE_NAME_LENGTH} characters long`);
      if (this.#names.has(name)) d.add(path, `State name '${name}' is used more than once in the state machine`, "DUPLICATE_STATE_NAME");
      this.#names.add(name);
      const targets = this.state(state, path, language);
      const next: string[] = [];
      for (const t of targets) {
        if (typeof t.next !== "string") d.add(t.path, "The target of a transition must be a state name");
        else if (!(t.next in states)) d.add(t.path, `Missing 'Next' target: ${t.next}`, "MISSING_TRANSITION_TARGET");
        else next.push(t.next);
      }
      edges.set(name, next);
    }
    if (typeof def.StartAt === "string" && def.StartAt in states) {
      const seen = new Set([def.StartAt]);
      const queue = [def.StartAt];
      while (queue.length) for (const n of edges.get(queue.shift()!) ?? []) if (!seen.has(n)) seen.add(n), queue.push(n);
      for (const name of Object.keys(states)) if (!seen.has(name)) d.add(`${at}/States/${name}`, `State '${name}' is not reachable`, "UNREACHABLE_STATE");
    }
  }

  #language(value: unknown, at: string, inherited: string, top: boolean): string {
    if (value === undefined) return inherited;
    if (value !== "JSONPath" && value !== "JSONata") {
      this.d.add(`${at}/QueryLanguage`, "The field 'QueryLanguage' must be JSONPath or JSONata");
      return inherited;
    }
    if (!top && inherited === "JSONata" && value === "JSONPath") {
      this.d.add(`${at}/QueryLanguage`, "A state cannot use JSONPath when the state machine uses JSONata");
    }
    return value;
  }

  /** Checks one state; returns its transition targets. */
  state(state: unknown, at: string, inherited: string): Target[] {
    const d = this.d;
    if (!isObject(state)) {
      d.add(at, "A state must be a JSON object");
      return [];
    }
    if (typeof state.Type !== "string" || !STATE_TYPES.includes(state.Type as StateType)) {
      d.add(`${at}/Type`, `The field 'Type' must be one of ${STATE_TYPES.join(", ")}`);
      return [];
    }
    const type = state.Type as StateType;
    const jsonata = this.#language(state.QueryLanguage, at, inherited, false) === "JSONata";
    const allowed = STATE_FIELDS[type];
    for (const key of Object.keys(state)) {
      if (!allowed.has(key)) d.add(`${at}/${key}`, `The field "${key}" is not supported by Step Functions`);
      else if (jsonata && JSONPATH_ONLY.has(key)) d.add(`${at}/${key}`, `The field "${key}" is not supported in JSONata states`);
      else if (!jsonata && JSONATA_ONLY.has(key)) d.add(`${at}/${key}`, `The field "${key}" is only supported in JSONata states`);
      else if (DISTRIBUTED_MAP_FIELDS.has(key)) d.add(`${at}/${key}`, `The field "${key}" belongs to distributed Map states, which Outpost does not run`);
    }
    const targets: Target[] = [];
    if (TRANSITIONING.has(type)) {
      const hasNext = state.Next !== undefined;
      const hasEnd = state.End !== undefined;
      if (hasNext && hasEnd) d.add(at, "A state cannot have both 'Next' and 'End'");
      else if (!hasNext && !hasEnd) d.add(at, "These fields are required: [Next] or [End]");
      if (hasEnd && state.End !== true) d.add(`${at}/End`, "The field 'End' must be true");
      if (hasNext) targets.push({ path: `${at}/Next`, next: state.Next });
    }
    if (jsonata) this.#jsonataFields(state, at);
    else this.#jsonPathFields(state, at);
    checkAssign(d, `${at}/Assign`, state.Assign, jsonata);
    switch (type) {
      case "Task":
        this.#task(state, at, jsonata);
        break;
      case "Choice":
        targets.push(...checkChoices(d, at, state.Choices, jsonata));
        if (state.Default !== undefined) targets.push({ path: `${at}/Default`, next: state.Default });
        break;
      case "Wait":
        this.#wait(state, at, jsonata);
        break;
      case "Fail":
        checkExclusive(d, at, state, "Error", "ErrorPath");
        checkExclusive(d, at, state, "Cause", "CausePath");
        for (const f of ["ErrorPath", "CausePath"]) if (state[f] !== undefined) checkDynamicValue(d, `${at}/${f}`, f, state[f]);
        for (const f of ["Error", "Cause"]) if (state[f] !== undefined && typeof state[f] !== "string") d.add(`${at}/${f}`, `The field '${f}' must be a string`);
        break;
      case "Parallel":
        if (!Array.isArray(state.Branches) || state.Branches.length === 0) d.add(at, "These fields are required: [Branches]");
        else state.Branches.forEach((b, i) => this.machine(b, `${at}/Branches/${i}`, BRANCH_FIELDS, jsonata ? "JSONata" : "JSONPath", false));
        break;
      case "Map":
        this.#map(state, at, jsonata);
        break;
    }
    if (type === "Task" || type === "Parallel" || type === "Map") {
      checkRetry(d, at, state.Retry);
      targets.push(...checkCatch(d, at, state.Catch, jsonata));
    }
    return targets;
  }

  #jsonPathFields(state: Record<string, unknown>, at: string): void {
    const d = this.d;
    checkPath(d, at, "InputPath", state.InputPath, { nullable: true });
    checkPath(d, at, "OutputPath", state.OutputPath, { nullable: true });
    checkPath(d, at, "ResultPath", state.ResultPath, { reference: true, nullable: true });
    for (const f of ["ItemsPath", "SecondsPath", "TimestampPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"]) {
      checkPath(d, at, f, state[f]);
    }
    for (const f of ["Parameters", "ResultSelector", "ItemSelector"]) checkPayloadTemplate(d, `${at}/${f}`, state[f]);
    if (state.ResultSelector !== undefined && !isObject(state.ResultSelector)) d.add(`${at}/ResultSelector`, "The field 'ResultSelector' must be an object");
  }

  #jsonataFields(state: Record<string, unknown>, at: string): void {
    for (const f of ["Arguments", "Output", "Items", "ItemSelector", "Error", "Cause"]) checkJsonataValue(this.d, `${at}/${f}`, state[f]);
    if (state.Arguments !== undefined && !isObject(state.Arguments) && jsonataExpression(state.Arguments) === null) {
      this.d.add(`${at}/Arguments`, "The field 'Arguments' must be an object or a JSONata expression");
    }
  }

  #task(state: Record<string, unknown>, at: string, jsonata: boolean): void {
    const d = this.d;
    if (typeof state.Resource !== "string" || state.Resource === "") d.add(at, "These fields are required: [Resource]");
    else {
      const problem = this.options.resourceValidator?.(state.Resource) ?? null;
      if (problem) d.add(`${at}/Resource`, problem, "INVALID_RESOURCE");
      const resource = state.Resource;
      const pattern = EXPRESS_UNSUPPORTED_PATTERNS.find((p) => resource.endsWith(p));
      if (this.options.type === "EXPRESS" && pattern) {
        d.add(`${at}/Resource`, `Express state machines do not support the '${pattern}' integration pattern`, "INVALID_RESOURCE");
      }
    }
    checkExclusive(d, at, state, "TimeoutSeconds", "TimeoutSecondsPath");
    checkExclusive(d, at, state, "HeartbeatSeconds", "HeartbeatSecondsPath");
    checkNumber(d, at, "TimeoutSeconds", state.TimeoutSeconds, { min: 1, max: 99999999, jsonata });
    checkNumber(d, at, "HeartbeatSeconds", state.HeartbeatSeconds, { min: 1, max: 99999999, jsonata });
    if (typeof state.TimeoutSeconds === "number" && typeof state.HeartbeatSeconds === "number" && state.HeartbeatSeconds >= state.TimeoutSeconds) {
      d.add(`${at}/HeartbeatSeconds`, "The field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'");
    }
  }

  #wait(state: Record<string, unknown>, at: string, jsonata: boolean): void {
    const d = this.d;
    const set = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"].filter((f) => state[f] !== undefined);
    if (set.length !== 1) d.add(at, "A Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath");
    checkNumber(d, at, "Seconds", state.Seconds, { min: 0, max: 99999999, jsonata });
    const ts = state.Timestamp;
    if (ts !== undefined && !(jsonata && jsonataExpression(ts) !== null) && parseTimestamp(ts) === null) {
      d.add(`${at}/Timestamp`, "The field 'Timestamp' must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z");
    }
    if (jsonata) checkJsonataValue(d, `${at}/Timestamp`, ts);
  }

  #map(state: Record<string, unknown>, at: string, jsonata: boolean): void {
    const d = this.d;
    checkExclusive(d, at, state, "ItemProcessor", "Iterator");
    checkExclusive(d, at, state, "ItemSelector", "Parameters");
    const processor = state.ItemProcessor ?? state.Iterator;
    const field = state.ItemProcessor !== undefined ? "ItemProcessor" : "Iterator";
    if (processor === undefined) d.add(at, "These fields are required: [ItemProcessor]");
    else {
      if (isObject(processor) && isObject(processor.ProcessorConfig)) {
        const mode = processor.ProcessorConfig.Mode;
        if (mode !== undefined && mode !== "INLINE") d.add(`${at}/${field}/ProcessorConfig/Mode`, "Only INLINE Map states are supported by Outpost");
      }
      this.machine(processor, `${at}/${field}`, PROCESSOR_FIELDS, jsonata ? "JSONata" : "JSONPath", false);
    }
    checkExclusive(d, at, state, "MaxConcurrency", "MaxConcurrencyPath");
    checkExclusive(d, at, state, "ToleratedFailureCount", "ToleratedFailureCountPath");
    checkExclusive(d, at, state, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath");
    checkNumber(d, at, "MaxConcurrency", state.MaxConcurrency, { min: 0, max: 99999999, jsonata });
    checkNumber(d, at, "ToleratedFailureCount", state.ToleratedFailureCount, { min: 0, max: 99999999, jsonata });
    checkNumber(d, at, "ToleratedFailurePercentage", state.ToleratedFailurePercentage, { min: 0, max: 100, integer: false, jsonata });
  }
}
