/**
 * The bounded queue between the socket and one slow `stream()` consumer.
 *
 * Policies:
 * - `conflate`: keep only the newest message. For feeds where each message is a full state
 *   (l2Book, allMids, bbo, asset contexts, clearinghouse state ...) an older one is worthless
 *   once a newer one exists.
 * - `dropOldest`: keep the newest `capacity` messages and count what was dropped in
 *   `overflow`. For event feeds (trades, fills, order updates ...) where a gap is a fact the
 *   consumer must be able to see.
 *
 * Reconnect markers sit between messages so the consumer learns about a reconnect exactly
 * before the first message of the new connection. Consecutive markers collapse into one, so
 * the queue never holds more than `2 * capacity + 1` entries whatever the consumer does.
 *
 * The queue is a slice `[head, tail)` of one array that is reused in place: a consumer that
 * keeps up makes push/take cycles that allocate nothing (no new array per conflation, no
 * backing-store churn from `Array.prototype.shift`), which matters at thousands of messages
 * per second because everything allocated per message is young-generation garbage.
 *
 * Each subscription's default policy is the schema's (`subscriptionStreams[type].buffer`).
 */
import type { SubscriptionStream } from "../../../generated/ts/registry.js";

export type BufferPolicy = SubscriptionStream["buffer"];

const MARKER: unique symbol = Symbol("reconnected");

/** @internal What {@link BoundedBuffer.take} returns for a reconnect marker. */
export const RECONNECTED: typeof MARKER = MARKER;
/** @internal What {@link BoundedBuffer.take} returns when nothing is queued. */
export const EMPTY: unique symbol = Symbol("empty");

/** What `shift()` returns: a message, a reconnect marker, or nothing. */
export type BufferItem<T> = { kind: "data"; value: T } | { kind: "reconnected" };

export class BoundedBuffer<T> {
  readonly policy: BufferPolicy;
  readonly capacity: number;
  /** Messages discarded because the consumer was too slow (conflated or dropped). */
  overflow = 0;
  /** Entries live in `#items[#head .. #tail)`; slots outside hold undefined. */
  #items: Array<T | typeof MARKER | undefined> = [];
  #head = 0;
  #tail = 0;
  #data = 0;

  constructor(policy: BufferPolicy, capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`buffer capacity must be a positive integer, got ${capacity}`);
    this.policy = policy;
    // Conflation keeps exactly one message whatever the requested size.
    this.capacity = policy === "conflate" ? 1 : capacity;
  }

  /** Messages waiting (markers not counted). */
  get size(): number {
    return this.#data;
  }

  get isEmpty(): boolean {
    return this.#head === this.#tail;
  }

  push(value: T): void {
    if (this.policy === "conflate" && this.#data > 0) {
      // Drop every waiting message but keep one marker if there was any: the consumer still
      // has to learn that a reconnect happened before this message.
      let hadMarker = false;
      for (let i = this.#head; i < this.#tail; i++) if (this.#items[i] === MARKER) hadMarker = true;
      this.overflow += this.#data;
      this.clear();
      if (hadMarker) this.#append(MARKER);
    } else if (this.#data >= this.capacity) {
      this.#evictOldest();
    }
    this.#append(value);
    this.#data++;
  }

  /** Records a reconnect between what is queued and what comes next. */
  mark(): void {
    if (this.#tail === this.#head || this.#items[this.#tail - 1] !== MARKER) this.#append(MARKER);
  }

  shift(): BufferItem<T> | undefined {
    const item = this.take();
    if (item === EMPTY) return undefined;
    if (item === MARKER) return { kind: "reconnected" };
    return { kind: "data", value: item };
  }

  /**
   * @internal `shift()` without the wrapper object: the next message, {@link RECONNECTED}
   * or {@link EMPTY}. (A stream reads every message through here: no allocation per read.)
   */
  take(): T | typeof RECONNECTED | typeof EMPTY {
    if (this.#head === this.#tail) return EMPTY;
    const item = this.#items[this.#head] as T | typeof MARKER;
    // Release the slot at once: the queue must not keep a message alive after handing it out.
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#tail) this.#head = this.#tail = 0;
    if (item !== MARKER) this.#data--;
    return item;
  }

  clear(): void {
    this.#items.fill(undefined, this.#head, this.#tail);
    this.#head = this.#tail = 0;
    this.#data = 0;
  }

  #append(item: T | typeof MARKER): void {
    if (this.#tail === this.#items.length) {
      // Out of room at the end: move the live slice to the front first if that frees enough
      // (a consumer that never catches up keeps head > 0 for good), else grow the array.
      if (this.#head > 0 && this.#head >= this.#items.length >> 1) {
        this.#items.copyWithin(0, this.#head, this.#tail);
        this.#items.fill(undefined, this.#tail - this.#head, this.#tail);
        this.#tail -= this.#head;
        this.#head = 0;
      }
    }
    if (this.#tail === this.#items.length) this.#items.push(item);
    else this.#items[this.#tail] = item;
    this.#tail++;
  }

  #evictOldest(): void {
    let index = this.#head;
    while (index < this.#tail && this.#items[index] === MARKER) index++;
    if (index === this.#tail) return;
    if (index === this.#head) {
      this.#items[this.#head++] = undefined;
    } else {
      // A marker is in front: remove the message behind it.
      this.#items.copyWithin(index, index + 1, this.#tail);
      this.#items[--this.#tail] = undefined;
    }
    this.#data--;
    this.overflow++;
    // Removing a message can leave two markers side by side: keep one.
    if (index > this.#head && index < this.#tail && this.#items[index] === MARKER && this.#items[index - 1] === MARKER) {
      this.#items.copyWithin(index, index + 1, this.#tail);
      this.#items[--this.#tail] = undefined;
    }
    if (this.#head === this.#tail) this.#head = this.#tail = 0;
  }
}
