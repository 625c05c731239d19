/**
 * The async-iterator side of a subscription: a bounded buffer between the socket (which
 * never waits) and a consumer that reads at its own pace.
 */
import { BoundedBuffer, type BufferPolicy } from "./buffer.js";

/** Handle of one listener's subscription. */
export interface SubscriptionHandle {
  /** The subscription object as sent to the server (normalized). */
  readonly subscription: Readonly<Record<string, unknown>>;
  /** False after unsubscribe, abort, or when the connection gave up. */
  readonly active: boolean;
  /** Stops this listener; the server subscription ends when its last listener leaves. Idempotent. */
  unsubscribe(): void;
}

/** An async-iterable subscription with a bounded buffer. */
export interface SubscriptionStream<T> extends SubscriptionHandle, AsyncIterable<T> {
  /** Messages discarded because the consumer was slower than the feed. */
  readonly overflow: number;
  /** Messages waiting to be read. */
  readonly size: number;
  readonly policy: BufferPolicy;
}

/** Where a subscription's events go (one per subscribe()/stream() call). */
export interface ListenerSink {
  data(data: unknown): void;
  reconnected(): void;
  /** The subscription ended for good (connection gave up, or the server rejected it). */
  failed(error: Error): void;
}

/**
 * Feeds a BoundedBuffer and serves it as an AsyncIterator. `onReconnected` runs in order:
 * after the messages of the old connection were read, before the first of the new one.
 */
export class StreamSink<T> implements ListenerSink {
  readonly buffer: BoundedBuffer<T>;
  #waiters: Array<() => void> = [];
  #ended = false;
  #error: Error | undefined;
  readonly #onReconnected: (() => void) | undefined;

  constructor(policy: BufferPolicy, capacity: number, onReconnected?: () => void) {
    this.buffer = new BoundedBuffer<T>(policy, capacity);
    this.#onReconnected = onReconnected;
  }

  data(data: unknown): void {
    if (this.#ended) return;
    this.buffer.push(data as T);
    this.#notify();
  }

  reconnected(): void {
    if (this.#ended) return;
    this.buffer.mark();
    this.#notify();
  }

  failed(error: Error): void {
    if (this.#ended) return;
    this.#error = error;
    this.end();
  }

  /** No more messages; readers finish after draining what is buffered. */
  end(): void {
    this.#ended = true;
    this.#notify();
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      const item = this.buffer.shift();
      if (item?.kind === "data") return { value: item.value, done: false };
      if (item?.kind === "reconnected") {
        try {
          this.#onReconnected?.();
        } catch {
          // A failing reset callback must not break iteration.
        }
        continue;
      }
      if (this.#ended) {
        const error = this.#error;
        this.#error = undefined;
        if (error) throw error;
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
