/** HttpTransport: one caller signal shared by many requests adds one listener, removed when they end; timeouts still fire. */
import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AbortedError, TimeoutError } from "../../src/errors/transport.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

/** Answers after `delayMs` (never, if Infinity). */
async function serve(delayMs: number): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (delayMs !== Infinity) setTimeout(() => res.end('{"ok":true}'), delayMs);
    });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("HttpTransport abort and timeout", () => {
  it("30 requests on one signal: one listener while they run, none after, no warning", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on("warning", onWarning);
    try {
      const t = new HttpTransport({ url: await serve(60), retry: { attempts: 1 } });
      const controller = new AbortController();
      const all = Promise.all(Array.from({ length: 30 }, () => t.request("info", { type: "allMids" }, { signal: controller.signal })));
      await new Promise((r) => setTimeout(r, 5)); // the requests are in flight (the server answers after 60 ms)
      expect(EventEmitter.getEventListeners(controller.signal, "abort")).toHaveLength(1);
      expect(await all).toEqual(Array(30).fill({ ok: true }));
      expect(EventEmitter.getEventListeners(controller.signal, "abort")).toHaveLength(0);
      await new Promise((r) => setTimeout(r, 10));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
      await t.close();
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("aborting the shared signal fails every pending request with AbortedError; a timeout is a TimeoutError", async () => {
    const url = await serve(Infinity);
    const t = new HttpTransport({ url, retry: { attempts: 1 } });
    const controller = new AbortController();
    const pending = Array.from({ length: 12 }, () => t.request("exchange", {}, { signal: controller.signal }).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    for (const e of await Promise.all(pending)) expect(e).toBeInstanceOf(AbortedError);
    await expect(t.request("info", { type: "allMids" }, { timeout: 50 })).rejects.toBeInstanceOf(TimeoutError);
    await t.close();
  });
});
