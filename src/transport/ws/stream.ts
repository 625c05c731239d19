/**
 * The async-iterator side of a subscription: a bounded buffer between the socket (which
 * never waits) and a consumer that reads at its own pace.
 */
import { BoundedBuffer, EMPTY, RECONNECTED, type BufferPolicy } from "./buffer.js";

const SETTLED = Promise.resolve();

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
 *
 * A reader that finds the buffer empty waits on one plain promise. Any change (a message, a
 * reconnect, the end) wakes every waiting reader one microtask later, as an `await` would, and
 * only then is the buffer read: conflation and drop counts are those of a consumer that had
 * not run yet. A woken reader that finds nothing waits again at the back of the line. Nothing
 * else is allocated per wait: a stream's consumer waits between nearly every two messages, and
 * whatever a waiting reader holds is young-generation data that every scavenge has to copy.
 */
export class StreamSink<T> implements ListenerSink {
  readonly buffer: BoundedBuffer<T>;
  #ended = false;
  #error: Error | undefined;
  readonly #onReconnected: (() => void) | undefined;
  /**
   * Waiting readers, oldest first: slots [#head, #tail) of #resolvers / #rejecters (reused in
   * place). The first #woken of them have been woken and are served by a queued #drain.
   */
  #resolvers: Array<((result: IteratorResult<T>) => void) | undefined> = [];
  #rejecters: Array<((error: unknown) => void) | undefined> = [];
  #head = 0;
  #tail = 0;
  #woken = 0;
  /** How many readers the oldest queued #drain serves (0: none queued); later drains' counts in #laterGroups. */
  #group = 0;
  #laterGroups: number[] | undefined;
  readonly #wait = (resolve: (result: IteratorResult<T>) => void, reject: (error: unknown) => void): void => {
    this.#enqueue(resolve, reject);
  };
  readonly #drain = (): void => {
    let count = this.#group;
    this.#group = this.#laterGroups?.shift() ?? 0;
    for (; count > 0; count--) {
      // One at a time: a reset callback that ends the stream must not wake the rest twice.
      this.#woken--;
      const resolve = this.#resolvers[this.#head]!;
      const reject = this.#rejecters[this.#head]!;
      this.#resolvers[this.#head] = undefined;
      this.#rejecters[this.#head] = undefined;
      this.#head++;
      let result: IteratorResult<T> | undefined;
      try {
        result = this.#poll();
      } catch (error) {
        reject(error);
        continue;
      }
      if (result === undefined) this.#enqueue(resolve, reject);
      else resolve(result);
    }
    if (this.#head === this.#tail) this.#head = this.#tail = 0;
  };

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

  next(): Promise<IteratorResult<T>> {
    let result: IteratorResult<T> | undefined;
    try {
      result = this.#poll();
    } catch (error) {
      return Promise.reject(error);
    }
    return result === undefined ? new Promise(this.#wait) : Promise.resolve(result);
  }

  /** The next result if there is one now (a message, or the end); undefined: wait. Throws the failure once. */
  #poll(): IteratorResult<T> | undefined {
    for (;;) {
      const item = this.buffer.take();
      if (item === EMPTY) break;
      if (item === RECONNECTED) {
        try {
          this.#onReconnected?.();
        } catch {
          // A failing reset callback must not break iteration.
        }
        continue;
      }
      return { value: item, done: false };
    }
    if (!this.#ended) return undefined;
    const error = this.#error;
    this.#error = undefined;
    if (error) throw error;
    return { value: undefined, done: true };
  }

  #enqueue(resolve: (result: IteratorResult<T>) => void, reject: (error: unknown) => void): void {
    if (this.#tail === this.#resolvers.length && this.#head > 0) {
      // Reuse the slots already served before growing the arrays.
      const live = this.#tail - this.#head;
      this.#resolvers.copyWithin(0, this.#head, this.#tail).fill(undefined, live);
      this.#rejecters.copyWithin(0, this.#head, this.#tail).fill(undefined, live);
      this.#head = 0;
      this.#tail = live;
    }
    this.#resolvers[this.#tail] = resolve;
    this.#rejecters[this.#tail] = reject;
    this.#tail++;
  }

  /** Wakes the readers waiting now; each is served, in order, one microtask later. */
  #notify(): void {
    const sleeping = this.#tail - this.#head - this.#woken;
    if (sleeping === 0) return;
    this.#woken += sleeping;
    if (this.#group === 0) this.#group = sleeping;
    else (this.#laterGroups ??= []).push(sleeping);
    // A reaction on a settled promise: runs one microtask later, like an `await` continuation
    // (queueMicrotask would also allocate an AsyncResource per call).
    void SETTLED.then(this.#drain);
  }
}
