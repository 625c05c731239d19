/**
 * The runner's record of one algorithm, and its half of a transition: step the algorithm and
 * decide whether its new state must be written before the commands go (runner.ts writes the
 * states of one event in one commit, then sends).
 */
import type { BoundAlgo } from "./bound.js";
import type { AlgoCommand, AlgoEvent, AlgoState } from "./core.js";
import type { AlgoHandleImpl } from "./handle.js";

export interface Entry {
  /** The algorithm with its typed definition; `algo.state` is its current state. */
  algo: BoundAlgo;
  /** The state last written (by reference: its JSON is not kept, large strings kept alive slow every scavenge). */
  saved: AlgoState | undefined;
  savedAt: number;
  paused: boolean;
  backoffMs: number;
  reconciling: boolean;
  /** A pause arrived since the running reconcile began: run another before unpausing. */
  dirty: boolean;
  scheduled: boolean;
  /** Events that arrived while paused, replayed once reconciled. */
  buffered: AlgoEvent[];
  handle: AlgoHandleImpl;
}

/** A transition done, its state not yet written, its commands not yet sent. */
export interface Step {
  e: Entry;
  event: AlgoEvent;
  commands: AlgoCommand[];
  /** The state is to be written (changed, and due); serialised by the runner when it writes. */
  write: boolean;
  stepMs: number;
}

export function newEntry(algo: BoundAlgo, handle: AlgoHandleImpl): Entry {
  return { algo, saved: undefined, savedAt: 0, paused: false, backoffMs: 200, reconciling: false, dirty: false, scheduled: false, buffered: [], handle };
}

/** Steps a running algorithm (undefined: paused and buffered, idle, or the step threw). */
export function stepEntry(e: Entry, event: AlgoEvent, reconciled: boolean, saveIntervalMs: number, onError: (error: unknown) => void): Step | undefined {
  // Paused: no command until the reconcile has said what the exchange did.
  if (e.paused && !reconciled && event.type !== "cancel") {
    if (event.type !== "timer" && e.buffered.length < 10_000) e.buffered.push(event);
    return undefined;
  }
  if (e.algo.idle(event)) return undefined;
  const started = performance.now();
  let commands: AlgoCommand[];
  try {
    commands = e.algo.step(event);
  } catch (error) {
    onError(error);
    return undefined;
  }
  // Written before anything is sent: a crash after the commit resumes from there. Changes that
  // only follow the market (a new reference price, traded volume) are written at most every
  // saveIntervalMs unless the algorithm calls them critical (a trailing stop's level); until
  // then they are not even serialised (nor reported to listeners).
  const marketOnly = commands.length === 0 && (event.type === "price" || event.type === "trade" || event.type === "timer");
  const due = !marketOnly || started - e.savedAt >= saveIntervalMs || e.algo.critical();
  return { e, event, commands, write: due && e.algo.state !== e.saved, stepMs: performance.now() - started };
}
