import { StatesError, StatesErrors } from "../errors.js";
import type { Json, JsonObject, StateDefinition } from "./definition-types.js";
import { evaluateJsonataTemplate, type StatesBinding } from "./jsonata-evaluator.js";
import { evaluatePath, ReferencePathMismatch, setAtReferencePath, type PathRoots } from "./json-path.js";
import { fitsPayloadLimit, inputTooLarge } from "./payload-limit.js";
import { compilePayloadTemplate } from "./payload-template.js";
import { contextObject, type Scope, type StateVisit } from "./state-environment.js";
import type { StateMachine } from "./state-machine.js";
import type { StepDecision } from "./step-decision.js";

/** The result of a state's output stage: its output and the variables it assigned. */
export interface StateResult {
  output: Json;
  assigned?: JsonObject;
}

/**
 * One visit of one state, with the data-flow stages every state type shares:
 * JSONPath `InputPath → Parameters → … → ResultSelector → Assign → ResultPath → OutputPath`, or
 * JSONata `Arguments → … → Output / Assign` over `$states`.
 */
export class StateContext {
  readonly jsonata: boolean;
  #context: JsonObject | undefined;

  constructor(
    readonly machine: StateMachine,
    readonly state: StateDefinition,
    /** The raw state input. */
    readonly input: Json,
    readonly scope: Scope,
    readonly visit: StateVisit,
  ) {
    this.jsonata = machine.usesJsonata(state);
  }

  get contextObject(): JsonObject {
    return (this.#context ??= contextObject(this.scope, this.visit));
  }

  /** Path roots over `input` (with `$$` built only when a path asks for it). */
  roots(input: Json): PathRoots {
    const self = this;
    return {
      input,
      get context() {
        return self.contextObject;
      },
      variables: this.scope.variables,
    };
  }

  /** `$states` for JSONata expressions. */
  states(extra?: Partial<StatesBinding>): StatesBinding {
    return { input: this.input, context: this.contextObject, ...extra };
  }

  /** A JSONata field (`{% %}` string, template or literal). */
  evaluate(value: Json | undefined, field: string, extra?: Partial<StatesBinding>): Promise<Json> {
    return evaluateJsonataTemplate(value, field, this.states(extra), this.scope.variables);
  }

  /** A JSONPath (reference or not) over `input`, failing with AWS's `States.Runtime` when absent. */
  path(path: string, input: Json): Json {
    const r = evaluatePath(path, this.roots(input));
    if (!r.found) throw new StatesError(StatesErrors.Runtime, `Invalid path '${path}' : No results for path: ${bracketed(path)}`);
    return r.value;
  }

  /** JSONPath `InputPath`: `null` gives `{}`. The raw input in JSONata mode. */
  effectiveInput(): Json {
    if (this.jsonata) return this.input;
    const p = this.state.InputPath;
    if (p === undefined || p === "$") return this.input;
    if (p === null) return {};
    return this.path(p, this.input);
  }

  /** A JSONPath payload template (`Parameters`, `ItemSelector`) over `input` (and `context`). */
  template(template: Json, input: Json, context?: Json): Json {
    const roots = context === undefined ? this.roots(input) : { input, context, variables: this.scope.variables };
    return compilePayloadTemplate(template)(roots, this.scope.services);
  }

  /** A JSONPath reference path or intrinsic call in a `…Path` field such as `ErrorPath`. */
  pathOrIntrinsic(field: string, expression: string, input: Json): Json {
    return (this.template({ [`${field}.$`]: expression }, input) as JsonObject)[field]!;
  }

  /**
   * The output stage. JSONPath: `ResultSelector` (when `selector`), `Assign` over the selected
   * result, `ResultPath` into the raw input (unless `resultPath` is false: Choice, Wait, Succeed),
   * `OutputPath`. JSONata: `Output` (default: the result) and `Assign`, both seeing the variables
   * as they were when the state was entered. Synchronous in JSONPath mode: the hot path.
   */
  finish(result: Json, stages: { selector?: boolean; resultPath?: boolean } = {}): StateResult | Promise<StateResult> {
    return this.jsonata ? this.#finishJsonata(result) : this.#finishJsonPath(result, stages);
  }

  #finishJsonPath(result: Json, stages: { selector?: boolean; resultPath?: boolean }): StateResult {
    const { state } = this;
    const selected = stages.selector && state.ResultSelector ? this.template(state.ResultSelector, result) : result;
    const assigned = state.Assign ? (this.template(state.Assign, selected) as JsonObject) : undefined;
    const merged = stages.resultPath === false ? selected : this.applyResultPath(state.ResultPath, selected);
    const output = this.applyOutputPath(merged);
    if (!assigned) return { output };
    this.assign(assigned);
    return { output, assigned };
  }

  async #finishJsonata(result: Json): Promise<StateResult> {
    const { state } = this;
    const extra = { result };
    const output = state.Output === undefined ? result : await this.evaluate(state.Output, "Output", extra);
    if (!state.Assign) return { output };
    const assigned = (await this.evaluate(state.Assign, "Assign", extra)) as JsonObject;
    this.assign(assigned);
    return { output, assigned };
  }

  /** `ResultPath` places the result in the raw input: `null` keeps the input, absent or `$` replaces it. */
  applyResultPath(resultPath: string | null | undefined, result: Json): Json {
    if (resultPath === undefined || resultPath === "$") return result;
    if (resultPath === null) return this.input;
    try {
      return setAtReferencePath(this.input, resultPath, result);
    } catch (e) {
      if (!(e instanceof ReferencePathMismatch)) throw e;
      throw new StatesError(
        StatesErrors.ResultPathMatchFailure,
        `Unable to apply ResultPath '${resultPath}' to input '${JSON.stringify(this.input)}'`,
      );
    }
  }

  applyOutputPath(value: Json): Json {
    const p = this.state.OutputPath;
    if (p === undefined || p === "$") return value;
    if (p === null) return {};
    return this.path(p, value);
  }

  assign(assigned: JsonObject): void {
    this.scope.variables = { ...this.scope.variables, ...assigned };
  }

  /** A state's input after `Parameters` or `Arguments` (a task's, the branches', an item's), refused when over the payload limit. */
  limitInput(input: Json): Json {
    if (input === this.input || fitsPayloadLimit(input)) return input;
    const { error, cause } = inputTooLarge(this.visit.name);
    throw new TerminalFailure(error, cause);
  }

  /** `Next`, or the end of the (sub-)machine when `End` is set. */
  transition(result: StateResult): StepDecision {
    const next = this.state.Next;
    return next === undefined ? { type: "end", ...result } : { type: "next", next, ...result };
  }

  /** Prefixes a processing error's cause the way AWS does. */
  located(error: StatesError): StatesError {
    return new StatesError(
      error.error,
      `An error occurred while executing the state '${this.visit.name}' (entered at the event id #${this.visit.enteredEventId}). ${error.cause}`,
    );
  }
}

/**
 * A failure reported by a state's work (its task or branches): matched against Retry and Catch
 * with its error and cause as they are, without the state-location prefix.
 */
export class WorkFailure extends StatesError {}

/**
 * A failure no Retry or Catch handles, of the state or of any Parallel or Map around it:
 * `States.DataLimitExceeded` for a state's input or output over the payload limit.
 */
export class TerminalFailure extends StatesError {}

function bracketed(path: string): string {
  return "$" + path.replace(/^\$/, "").replace(/\.([^.[]+)/g, "['$1']");
}
