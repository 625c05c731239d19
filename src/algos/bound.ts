/**
 * Algorithms of different kinds side by side without erasing their types by a cast: each
 * typed definition is bound to its own state in closures (an existential wrapper), so the
 * runner holds one `BoundAlgo` shape for every kind while step, critical and sources still
 * see `AlgoState<D, P>` with the kind's data and params.
 */
import type { AlgoCommand, AlgoDefinition, AlgoEvent, AlgoState, PriceSource } from "./core.js";

/** An algorithm bound to its definition: the runner's view of any kind. */
export interface BoundAlgo {
  readonly kind: string;
  /** The current state (read-only view; only step changes it). */
  readonly state: AlgoState;
  /** Runs one transition and keeps its state; a throwing step leaves the state as it was. */
  step(event: AlgoEvent): AlgoCommand[];
  /** The event would change nothing and give no command (AlgoDefinition.idle). */
  idle(event: AlgoEvent): boolean;
  /** Whether the last transition made a market-driven change that must be written at once. */
  critical(): boolean;
  /** Which price feeds the current state reads. */
  sources(): { coin: string; source: PriceSource }[];
}

/** A definition that can take back a stored state of its kind (a runner resuming from its store). */
export interface ResumableDefinition {
  readonly kind: string;
  resume(stored: AlgoState): BoundAlgo;
}

export function bind<D, P>(def: AlgoDefinition<D, P>, initial: AlgoState<D, P>): BoundAlgo {
  let state = initial;
  let previous = initial;
  return {
    kind: def.kind,
    get state(): AlgoState {
      return state;
    },
    step(event) {
      const next = def.step(state, event);
      previous = state;
      state = next.state;
      return next.commands;
    },
    idle: (event) => def.idle?.(state, event) === true,
    critical: () => def.critical?.(previous, state) === true,
    sources: () => def.sources(state),
  };
}

export function resumable<D, P>(def: AlgoDefinition<D, P>): ResumableDefinition {
  return {
    kind: def.kind,
    // A downcast (not through unknown): the store's row is the JSON of a state this kind's
    // create/step wrote, and the runner picks the definition by the row's `kind`, so its data
    // and params have this kind's shape. JSON has no other way to carry that type.
    resume: (stored) => bind(def, stored as AlgoState<D, P>),
  };
}
