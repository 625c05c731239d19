/** Regression: two ExchangeClients of one wallet in one process share one nonce sequence by default. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExchangeClient } from "../../src/clients/exchange.js";
import { NonceManager } from "../../src/signing/nonce.js";
import type { Transport } from "../../src/transport/types.js";
import { limit, startHarness, statuses, type Harness } from "../devnet/harness.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: 11 });
});
afterAll(() => h.close());

describe("chaos: nonces across clients", () => {
  it("regression: 2 clients x 100 concurrent orders on one wallet, 0 duplicate nonces", async () => {
    const { wallet } = h.trader({ fund: 1_000_000 });
    const http = new HttpTransport({ url: h.devnet.url, retry: { attempts: 1 }, timeout: 20_000 });
    const sent: number[] = [];
    const transport: Transport = {
      request: (endpoint, body, options) => {
        if (endpoint === "exchange" && body !== null && typeof body === "object" && "nonce" in body && typeof body.nonce === "number") sent.push(body.nonce);
        return http.request(endpoint, body, options);
      },
    };
    // Neither client is given a NonceManager: the process-wide default applies.
    const clients = [0, 1].map(() => new ExchangeClient({ wallet, transport, isMainnet: h.devnet.isMainnet }));
    expect(clients[0]!.nonces).toBe(clients[1]!.nonces);
    expect(clients[0]!.nonces).toBe(NonceManager.shared);
    const mid = Number((await h.info.allMids({})).BTC);
    const price = String(Math.round(mid * 0.5));
    const results = await Promise.allSettled(
      clients.flatMap((c) => Array.from({ length: 100 }, () => c.order({ orders: [limit(0, true, price, "0.001")], grouping: "na" }))),
    );
    const refused = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    expect(refused).toEqual([]);
    expect(new Set(sent).size).toBe(200);
    for (const r of results) if (r.status === "fulfilled") expect(statuses(r.value)[0]).toMatchObject({ resting: { oid: expect.any(Number) } });
    await http.close();
  });
});
