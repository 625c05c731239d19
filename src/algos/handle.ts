/** The handle `algos.twap()` and the others return: status, progress, cancel, events. */
import { filledLots, lotsToSize, type AlgoCommand, type AlgoState, type AlgoStatus } from "./core.js";

export interface AlgoProgress {
  /** Filled so far, in coins. */
  filled: string;
  target: string;
  /** filled / target, 0..1. */
  fraction: number;
}

export interface AlgoUpdate {
  id: string;
  kind: string;
  status: AlgoStatus;
  paused: boolean;
  /** What caused it: an event type, or "paused" / "resumed". */
  cause: string;
  commands: AlgoCommand["type"][];
  progress: AlgoProgress;
  reason?: string;
}

export interface AlgoHandle {
  readonly id: string;
  readonly kind: string;
  readonly status: AlgoStatus;
  readonly paused: boolean;
  readonly progress: AlgoProgress;
  /** A snapshot of the whole state (as stored). */
  readonly state: Readonly<AlgoState>;
  cancel(): Promise<void>;
  /** Calls `listener` on every update; returns the unsubscribe. */
  on(listener: (update: AlgoUpdate) => void): () => void;
  /** The updates as an async iterable, ending when the algorithm does. */
  events(): AsyncIterable<AlgoUpdate>;
  /** Settles with the final state (done, canceled or failed). */
  readonly done: Promise<AlgoState>;
}

export function progressOf(s: AlgoState): AlgoProgress {
  const filled = s.kind === "native-twap" ? (s.data as { filledLots: number }).filledLots : filledLots(s);
  return {
    filled: lotsToSize(filled, s.market.szDecimals),
    target: lotsToSize(s.targetLots, s.market.szDecimals),
    fraction: s.targetLots > 0 ? Math.min(1, filled / s.targetLots) : 0,
  };
}

export class AlgoHandleImpl implements AlgoHandle {
  private current: AlgoState;
  private isPaused = false;
  private readonly listeners = new Set<(update: AlgoUpdate) => void>();
  private resolve!: (s: AlgoState) => void;
  readonly done: Promise<AlgoState>;

  constructor(
    state: AlgoState,
    private readonly doCancel: () => Promise<void>,
  ) {
    this.current = state;
    this.done = new Promise((r) => (this.resolve = r));
  }

  get id(): string {
    return this.current.id;
  }
  get kind(): string {
    return this.current.kind;
  }
  get status(): AlgoStatus {
    return this.current.status;
  }
  get paused(): boolean {
    return this.isPaused;
  }
  get progress(): AlgoProgress {
    return progressOf(this.current);
  }
  get state(): Readonly<AlgoState> {
    return this.current;
  }

  cancel(): Promise<void> {
    return this.doCancel();
  }

  on(listener: (update: AlgoUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Removes a listener given to on(). */
  off(listener: (update: AlgoUpdate) => void): void {
    this.listeners.delete(listener);
  }

  async *events(): AsyncIterable<AlgoUpdate> {
    const queue: AlgoUpdate[] = [];
    let wake: (() => void) | undefined;
    const off = this.on((u) => {
      queue.push(u);
      wake?.();
    });
    try {
      while (true) {
        while (queue.length) {
          const u = queue.shift()!;
          yield u;
          if (u.status !== "running") return;
        }
        if (this.current.status !== "running") return;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    } finally {
      off();
    }
  }

  /** The runner's report of a transition. */
  update(state: AlgoState, paused: boolean, cause: string, commands: AlgoCommand[], reason?: string): void {
    this.current = state;
    this.isPaused = paused;
    if (this.listeners.size === 0) return;
    const update: AlgoUpdate = {
      id: state.id,
      kind: state.kind,
      status: state.status,
      paused,
      cause,
      commands: commands.map((c) => c.type),
      progress: progressOf(state),
      ...((reason ?? state.reason) ? { reason: reason ?? state.reason } : {}),
    };
    for (const l of this.listeners) l(update);
  }

  /** A change not worth an update (a reference price): the state, without telling the listeners. */
  track(state: AlgoState): void {
    this.current = state;
  }

  settle(state: AlgoState): void {
    this.current = state;
    this.resolve(state);
  }
}
