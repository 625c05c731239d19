/**
 * Chaos, exchange side: an answer that does not prove the outcome is ActionOutcomeUnknownError
 * carrying the signed payload, the transport never re-posts, and resend() sends the same bytes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ExchangeClient } from "../../src/clients/exchange.js";
import { ActionOutcomeUnknownError, ExchangeError } from "../../src/errors/exchange.js";
import { privateKeyWallet } from "../../src/signing/index.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";
import { HostileHttpServer, json, resetMidBody, truncated, type Behaviour } from "./hostile-server.js";

const wallet = privateKeyWallet("0x0123456789012345678901234567890123456789012345678901234567890123");
const order = { orders: [{ a: 0, b: true, p: "30000", s: "0.01", r: false, t: { limit: { tif: "Gtc" as const } } }], grouping: "na" as const };
const okOrder = { status: "ok", response: { type: "order", data: { statuses: [{ resting: { oid: 7 } }] } } };

let server: HostileHttpServer;
let ex: ExchangeClient;
beforeAll(async () => {
  server = await HostileHttpServer.start();
  ex = new ExchangeClient({
    wallet,
    transport: new HttpTransport({ url: server.url, timeout: 1500, retry: { attempts: 5, baseMs: 1, capMs: 2 } }),
    isMainnet: false,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const unknownCases: [string, Behaviour][] = [
  ["a 500", (res) => json(res, 500, "internal error")],
  ["a 502 with an html page", (res) => json(res, 502, "<html>bad gateway</html>")],
  ["a 429", (res) => json(res, 429, "rate limited", { "retry-after": "1" })],
  ["a garbled 200", (res) => json(res, 200, '{"status":"ok","response":{"type":"ord')],
  ["a 200 that is not JSON", (res) => json(res, 200, "OK")],
  ["a 200 with status ok and no response", (res) => json(res, 200, { status: "ok" })],
  ["a 200 with an unknown response type", (res) => json(res, 200, { status: "ok", response: { type: "bogus" } })],
  ["a 200 with an err whose response is not a string", (res) => json(res, 200, { status: "err", response: { text: "?" } })],
  ["a 200 array", (res) => json(res, 200, [])],
  ["a 200 null", (res) => json(res, 200, "null")],
  ["a 200 with an unknown status", (res) => json(res, 200, { status: "pending", response: "queued" })],
  ["a truncated body", (res) => truncated(res, 4000, 30)],
  ["a reset mid-body", (res) => resetMidBody(res)],
  ["an oversize body", (res) => server.stream(res, 64 * 2 ** 20)],
  ["no answer before the deadline", () => {}],
];

describe("chaos: exchange answers that prove nothing", () => {
  it.each(unknownCases)("regression: %s is ActionOutcomeUnknownError with the signed payload, posted once", async (_name, behaviour) => {
    server.behaviour = behaviour;
    const error = await ex.order(order).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionOutcomeUnknownError);
    const e = error as ActionOutcomeUnknownError;
    expect(e.actionType).toBe("order");
    expect(server.requests).toHaveLength(1);
    expect(e.payload).toEqual(server.requests[0]!.body);
    expect(e.payload).toMatchObject({ action: { type: "order" }, nonce: expect.any(Number), signature: { r: expect.stringMatching(/^0x/) } });
    // The same bytes can be resent; a proof then settles it.
    server.behaviour = (res) => json(res, 200, okOrder);
    await expect(ex.resend(e.payload)).resolves.toEqual(okOrder);
    expect(server.requests[1]!.raw).toBe(server.requests[0]!.raw);
  });

  it("a well-formed err proves a rejection; a well-formed ok proves success", async () => {
    server.behaviour = (res) => json(res, 200, { status: "err", response: "Insufficient margin to place order." });
    const error = await ex.order(order).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeError);
    expect(error).not.toBeInstanceOf(ActionOutcomeUnknownError);
    server.behaviour = (res) => json(res, 200, okOrder);
    await expect(ex.order(order)).resolves.toEqual(okOrder);
    // An order status the schema does not know yet does not undo the proof of processing.
    const drift = { status: "ok", response: { type: "order", data: { statuses: ["somethingNew"] } } };
    server.behaviour = (res) => json(res, 200, drift);
    await expect(ex.order(order)).resolves.toEqual(drift);
  });

  it("an abort before sending is AbortedError and sends nothing; mid-flight it is ActionOutcomeUnknownError", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(ex.order(order, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortedError" });
    expect(server.requests).toHaveLength(0);
    server.behaviour = () => {};
    const later = new AbortController();
    const pending = ex.order(order, { signal: later.signal }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    later.abort();
    expect(await pending).toBeInstanceOf(ActionOutcomeUnknownError);
  });
});
