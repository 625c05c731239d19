/**
 * A minimal typed event emitter. Unlike node:events it never throws when "error" has no
 * listener, and a throwing listener cannot break the emitter or its other listeners.
 */
import type { HyperliquidError } from "../../errors/base.js";
import type { CloseInfo } from "./connection.js";

export type Listener<T> = (event: T) => void;

/** Events of WebSocketManager. */
export interface WebSocketEvents {
  open: { connectionId: number };
  close: { connectionId: number } & CloseInfo;
  reconnecting: { connectionId: number; attempt: number; delayMs: number; cause: unknown };
  reconnected: { connectionId: number; subscriptions: number };
  /** A socket went silent for `silentMs` (over idleTimeoutMs) and is being replaced. */
  stale: { connectionId: number; silentMs: number };
  /**
   * Problems that did not stop anything: bad frames, server errors, listener exceptions,
   * abnormal closes (a WebSocketClosedError with the code: 1006, 1009, 1011, 4xxx ...), give-ups.
   */
  error: HyperliquidError;
}

export class TypedEmitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();
  readonly #onListenerError: ((error: unknown, name: keyof Events) => void) | undefined;

  /** `onListenerError` receives what a listener threw (default: ignored). */
  constructor(onListenerError?: (error: unknown, name: keyof Events) => void) {
    this.#onListenerError = onListenerError;
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => this.off(name, listener);
  }

  /** Adds a listener that runs at most once. */
  once<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(name, (event) => {
      off();
      listener(event);
    });
    return off;
  }

  off<K extends keyof Events>(name: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(name)?.delete(listener as Listener<never>);
  }

  /** Number of listeners of an event. */
  listenerCount(name: keyof Events): number {
    return this.#listeners.get(name)?.size ?? 0;
  }

  protected emit<K extends keyof Events>(name: K, event: Events[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(event);
      } catch (error) {
        // A failing listener must not take the transport or the other listeners down.
        try {
          this.#onListenerError?.(error, name);
        } catch {
          // The reporter itself failed: nothing sensible is left to do.
        }
      }
    }
  }
}
