import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { StreamQueue } from "../../src/serve/stream-queue.js";

async function collect<T>(q: StreamQueue<T>): Promise<{ items: T[]; error?: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of q.drain()) items.push(item);
    return { items };
  } catch (error) {
    return { items, error };
  }
}

describe("StreamQueue (the queue behind TradingStream and AlgoService.Watch)", () => {
  it("delivers every item in order, including those pushed while the reader waits, then ends cleanly", async () => {
    const q = new StreamQueue<number>(10_000, "events");
    for (let i = 0; i < 3000; i++) q.push(i);
    const reading = collect(q);
    await new Promise((r) => setTimeout(r, 5));
    q.push(3000);
    q.end();
    q.push(3001); // after the end: dropped
    expect(await reading).toEqual({ items: Array.from({ length: 3001 }, (_, i) => i) });
  });

  it("ends a slow reader's stream with ResourceExhausted naming the limit, after what was queued", async () => {
    const q = new StreamQueue<string>(2, "updates");
    q.push("a");
    q.push("b");
    q.push("c");
    const { items, error } = await collect(q);
    expect(items).toEqual(["a", "b"]);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.ResourceExhausted);
    expect((error as ConnectError).message).toContain("2 updates were waiting");
  });
});
