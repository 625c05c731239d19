/** One AbortSignal shared by many subscriptions and posts: no MaxListenersExceededWarning, everything ends on abort. */
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { AbortedError } from "../../src/errors/index.js";
import { onAbort } from "../../src/transport/ws/abort.js";
import { WebSocketManager } from "../../src/transport/ws/index.js";
import { sleep, TestServer, waitFor } from "./server.js";

let server: TestServer | undefined;
let ws: WebSocketManager | undefined;
const warnings: Error[] = [];
const onWarning = (w: Error): void => void warnings.push(w);

afterEach(async () => {
  process.off("warning", onWarning);
  warnings.length = 0;
  await ws?.close();
  await server?.close();
});

/** The listeners Node counts for the warning. */
function abortListeners(signal: AbortSignal): number {
  return EventEmitter.getEventListeners(signal, "abort").length;
}

describe("a shared AbortSignal", () => {
  it("50 subscriptions, 10 streams and 20 posts on one signal: no warning, one listener, all end on abort", async () => {
    process.on("warning", onWarning);
    server = await TestServer.start({ onPost: () => undefined });
    ws = new WebSocketManager({ url: server.url, reconnect: { baseMs: 1, capMs: 20 }, connectTimeoutMs: 1000 });
    const controller = new AbortController();
    const { signal } = controller;
    const handles = Array.from({ length: 50 }, (_, i) => ws!.subscribe({ type: "trades", coin: `C${i}` }, () => undefined, { signal }));
    const streams = Array.from({ length: 10 }, (_, i) => ws!.stream({ type: "l2Book", coin: `C${i}` }, { signal }));
    const ended = streams.map(async (s) => {
      for await (const _ of s) void _;
      return "ended";
    });
    const posts = Array.from({ length: 20 }, () => ws!.postInfo({ type: "allMids" }, { signal, timeout: 10_000 }).catch((e: unknown) => e));
    await waitFor(() => server!.activeSubscriptions() === 60, 3000, "60 server subscriptions");
    expect(abortListeners(signal)).toBe(1);
    expect(ws.stats()).toMatchObject({ subscriptions: 60, listeners: 60 });

    controller.abort(new Error("shutdown"));
    expect(handles.every((h) => !h.active)).toBe(true);
    expect(await Promise.all(ended)).toEqual(Array(10).fill("ended"));
    for (const e of await Promise.all(posts)) expect(e).toBeInstanceOf(AbortedError);
    await waitFor(() => server!.activeSubscriptions() === 0, 3000, "every server subscription gone");
    expect(ws.stats()).toMatchObject({ subscriptions: 0, listeners: 0 });
    expect(abortListeners(signal)).toBe(0);
    await sleep(10); // warnings are emitted on process.nextTick
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });

  it("removes its listener when the last subscription ends without an abort", async () => {
    server = await TestServer.start();
    ws = new WebSocketManager({ url: server.url, reconnect: { baseMs: 1, capMs: 20 }, connectTimeoutMs: 1000 });
    const controller = new AbortController();
    const handles = Array.from({ length: 15 }, (_, i) => ws!.subscribe({ type: "trades", coin: `C${i}` }, () => undefined, { signal: controller.signal }));
    expect(abortListeners(controller.signal)).toBe(1);
    for (const h of handles.slice(0, 14)) h.unsubscribe();
    expect(abortListeners(controller.signal)).toBe(1);
    handles[14]!.unsubscribe();
    expect(abortListeners(controller.signal)).toBe(0);
    // A later subscription on the same signal still ends with it.
    const late = ws.subscribe({ type: "trades", coin: "LATE" }, () => undefined, { signal: controller.signal });
    controller.abort();
    expect(late.active).toBe(false);
  });

  it("onAbort: each registration fires once, disposers are idempotent, a disposed one never fires", () => {
    const controller = new AbortController();
    const fired: string[] = [];
    const cb = (): void => void fired.push("same");
    const d1 = onAbort(controller.signal, cb);
    onAbort(controller.signal, cb);
    const d3 = onAbort(controller.signal, () => fired.push("disposed"));
    d3();
    d3();
    controller.abort();
    d1();
    expect(fired).toEqual(["same", "same"]);
  });
});
