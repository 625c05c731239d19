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
 */
export type BufferPolicy = "conflate" | "dropOldest";

const MARKER: unique symbol = Symbol("reconnected");

/** What `shift()` returns: a message, a reconnect marker, or nothing. */
export type BufferItem<T> = { kind: "data"; value: T } | { kind: "reconnected" };

export class BoundedBuffer<T> {
  readonly policy: BufferPolicy;
  readonly capacity: number;
  /** Messages discarded because the consumer was too slow (conflated or dropped). */
  overflow = 0;
  #items: Array<T | typeof MARKER> = [];
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
    return this.#items.length === 0;
  }

  push(value: T): void {
    if (this.policy === "conflate" && this.#data > 0) {
      // Drop every waiting message but keep one marker if there was any: the consumer still
      // has to learn that a reconnect happened before this message.
      const hadMarker = this.#items.includes(MARKER);
      this.overflow += this.#data;
      this.#items = hadMarker ? [MARKER] : [];
      this.#data = 0;
    } else if (this.#data >= this.capacity) {
      this.#evictOldest();
    }
    this.#items.push(value);
    this.#data++;
  }

  /** Records a reconnect between what is queued and what comes next. */
  mark(): void {
    if (this.#items[this.#items.length - 1] !== MARKER) this.#items.push(MARKER);
  }

  shift(): BufferItem<T> | undefined {
    if (this.#items.length === 0) return undefined;
    const item = this.#items.shift() as T | typeof MARKER;
    if (item === MARKER) return { kind: "reconnected" };
    this.#data--;
    return { kind: "data", value: item };
  }

  clear(): void {
    this.#items = [];
    this.#data = 0;
  }

  #evictOldest(): void {
    const index = this.#items.findIndex((item) => item !== MARKER);
    if (index < 0) return;
    this.#items.splice(index, 1);
    this.#data--;
    this.overflow++;
    // Removing a message can leave two markers side by side: keep one.
    if (this.#items[index] === MARKER && this.#items[index - 1] === MARKER) this.#items.splice(index, 1);
  }
}
