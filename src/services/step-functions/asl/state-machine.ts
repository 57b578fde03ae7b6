import type { QueryLanguage, StateDefinition, StateMachineDefinition } from "./definition-types.js";

/**
 * A validated definition (or a Parallel branch / Map item processor) ready to run: each state's
 * effective query language resolved, nested machines built once.
 */
export class StateMachine {
  readonly #nested = new WeakMap<object, StateMachine>();

  constructor(
    readonly definition: StateMachineDefinition,
    /** The language states use when they do not set `QueryLanguage`. */
    readonly queryLanguage: QueryLanguage = definition.QueryLanguage ?? "JSONPath",
  ) {}

  get startAt(): string {
    return this.definition.StartAt;
  }

  state(name: string): StateDefinition {
    const state = this.definition.States[name];
    if (!state) throw new Error(`State machine has no state '${name}'`);
    return state;
  }

  usesJsonata(state: StateDefinition): boolean {
    return (state.QueryLanguage ?? this.queryLanguage) === "JSONata";
  }

  /** A Parallel branch or Map processor; it inherits the language of the state holding it. */
  nested(definition: StateMachineDefinition, parent: StateDefinition): StateMachine {
    let machine = this.#nested.get(definition);
    if (!machine) {
      machine = new StateMachine(definition, definition.QueryLanguage ?? parent.QueryLanguage ?? this.queryLanguage);
      this.#nested.set(definition, machine);
    }
    return machine;
  }
}
