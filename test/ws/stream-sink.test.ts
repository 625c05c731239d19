/**
 * StreamSink and BoundedBuffer against the implementations they replaced (kept below as the
 * reference model): the same operations in the same microtask interleavings must give the
 * same results in the same order, the same reconnect callbacks, overflow counts and sizes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BoundedBuffer, type BufferItem, type BufferPolicy } from "../../src/transport/ws/buffer.js";
import { StreamSink } from "../../src/transport/ws/stream.js";

const MARKER: unique symbol = Symbol("reconnected");

/** The BoundedBuffer before the in-place queue (reference model). */
class LegacyBuffer<T> {
  readonly policy: BufferPolicy;
  readonly capacity: number;
  overflow = 0;
  #items: Array<T | typeof MARKER> = [];
  #data = 0;
  constructor(policy: BufferPolicy, capacity: number) {
    this.policy = policy;
    this.capacity = policy === "conflate" ? 1 : capacity;
  }
  get size(): number {
    return this.#data;
  }
  get isEmpty(): boolean {
    return this.#items.length === 0;
  }
  push(value: T): void {
    if (this.policy === "conflate" && this.#data > 0) {
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
    if (this.#items[index] === MARKER && this.#items[index - 1] === MARKER) this.#items.splice(index, 1);
  }
}

/** The StreamSink before the allocation-free wait (reference model). */
class LegacySink<T> {
  readonly buffer: LegacyBuffer<T>;
  #waiters: Array<() => void> = [];
  #ended = false;
  #error: Error | undefined;
  readonly #onReconnected: (() => void) | undefined;
  constructor(policy: BufferPolicy, capacity: number, onReconnected?: () => void) {
    this.buffer = new LegacyBuffer<T>(policy, capacity);
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
          // as before
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

type BufferOp = { op: "push"; value: number } | { op: "mark" } | { op: "shift" } | { op: "clear" };
const bufferOp: fc.Arbitrary<BufferOp> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 999 }).map((value) => ({ op: "push" as const, value })) },
  { weight: 2, arbitrary: fc.constant({ op: "mark" as const }) },
  { weight: 4, arbitrary: fc.constant({ op: "shift" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "clear" as const }) },
);

describe("BoundedBuffer matches the reference model", () => {
  it("same items, sizes and overflow for any sequence", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BufferPolicy>("dropOldest", "conflate"),
        fc.integer({ min: 1, max: 6 }),
        fc.array(bufferOp, { maxLength: 400 }),
        (policy, cap, ops) => {
          const b = new BoundedBuffer<number>(policy, cap);
          const ref = new LegacyBuffer<number>(policy, cap);
          for (const o of ops) {
            if (o.op === "push") {
              b.push(o.value);
              ref.push(o.value);
            } else if (o.op === "mark") {
              b.mark();
              ref.mark();
            } else if (o.op === "clear") {
              b.clear();
              ref.clear();
            } else expect(b.shift()).toEqual(ref.shift());
            expect([b.size, b.isEmpty, b.overflow]).toEqual([ref.size, ref.isEmpty, ref.overflow]);
          }
          for (;;) {
            const item = b.shift();
            expect(item).toEqual(ref.shift());
            if (!item) break;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

type SinkOp =
  { op: "data"; value: number } | { op: "reconnected" } | { op: "next" } | { op: "tick"; n: number } | { op: "fail" } | { op: "end" } | { op: "clear" };
const sinkOp: fc.Arbitrary<SinkOp> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 999 }).map((value) => ({ op: "data" as const, value })) },
  { weight: 2, arbitrary: fc.constant({ op: "reconnected" as const }) },
  { weight: 5, arbitrary: fc.constant({ op: "next" as const }) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }).map((n) => ({ op: "tick" as const, n })) },
  { weight: 1, arbitrary: fc.constant({ op: "fail" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "end" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "clear" as const }) },
);

interface AnySink {
  data(v: unknown): void;
  reconnected(): void;
  failed(e: Error): void;
  end(): void;
  next(): Promise<IteratorResult<number>>;
  readonly buffer: { clear(): void; readonly size: number; readonly overflow: number };
}

/** Runs the ops and returns what a consumer observed, in order. */
/** What the reset callback does besides logging: nothing, throw, end the stream, or read (re-entrantly). */
type ResetMode = "log" | "throw" | "end" | "next";

async function trace(make: (onReconnected: () => void) => AnySink, ops: SinkOp[], mode: ResetMode): Promise<string[]> {
  const log: string[] = [];
  let resets = 0;
  const sink = make(() => {
    log.push(`reset ${++resets}`);
    if (resets % 2 !== 0) return;
    if (mode === "throw") throw new Error("reset failed");
    if (mode === "end") sink.end();
    if (mode === "next") start();
  });
  let calls = 0;
  const start = (): void => {
    const id = ++calls;
    sink.next().then(
      (r) => log.push(`next ${id}: ${r.done ? "done" : String(r.value)}`),
      (e: Error) => log.push(`next ${id}: error ${e.message}`),
    );
  };
  const tick = async (n: number): Promise<void> => {
    for (let k = 0; k < n; k++) await Promise.resolve();
  };
  for (const o of ops) {
    if (o.op === "data") sink.data(o.value);
    else if (o.op === "reconnected") sink.reconnected();
    else if (o.op === "next") start();
    else if (o.op === "tick") await tick(o.n);
    else if (o.op === "fail") sink.failed(new Error("gave up"));
    else if (o.op === "end") sink.end();
    else sink.buffer.clear();
    log.push(`size ${sink.buffer.size} overflow ${sink.buffer.overflow}`);
  }
  // Drain: everything still waiting ends.
  sink.end();
  for (let k = 0; k < 20; k++) start();
  await tick(10);
  return log;
}

describe("StreamSink matches the reference model", () => {
  it("same results, order, resets and counts for any interleaving", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<BufferPolicy>("dropOldest", "conflate"),
        fc.integer({ min: 1, max: 4 }),
        fc.array(sinkOp, { maxLength: 120 }),
        fc.constantFrom<ResetMode>("log", "throw", "end", "next"),
        async (policy, cap, ops, mode) => {
          const actual = await trace((r) => new StreamSink<number>(policy, cap, r), ops, mode);
          const expected = await trace((r) => new LegacySink<number>(policy, cap, r), ops, mode);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a reset callback that ends the stream while several readers wait ends each of them once", async () => {
    for (const make of [(r: () => void) => new StreamSink<number>("dropOldest", 4, r), (r: () => void) => new LegacySink<number>("dropOldest", 4, r)]) {
      const sink: AnySink = make(() => sink.end());
      const results = Promise.all([sink.next(), sink.next()]);
      sink.reconnected();
      expect(await results).toEqual([
        { value: undefined, done: true },
        { value: undefined, done: true },
      ]);
      // Nothing left queued that could fire later.
      for (let k = 0; k < 5; k++) await Promise.resolve();
      expect(await sink.next()).toEqual({ value: undefined, done: true });
    }
  });
});
