/**
 * An independent client, @nktkas/hyperliquid, unchanged and pointed at the devnet with its
 * `apiUrl` / WebSocket `url` options: it places, queries and cancels orders and receives
 * stream updates. Its signing code is not ours, so this checks the devnet speaks the real wire.
 */
import * as hl from "@nktkas/hyperliquid";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { WebSocket as NodeWebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { waitFor } from "../ws/server.js";

let devnet: Devnet;
beforeAll(async () => {
  devnet = await startDevnet({ port: 0, seed: 11 });
});
afterAll(() => devnet.close());

describe("@nktkas/hyperliquid against the devnet", () => {
  it("places, queries and cancels orders, and streams fills", async () => {
    const wallet = privateKeyToAccount(generatePrivateKey());
    devnet.fund(wallet.address, 50_000);
    const http = new hl.HttpTransport({ isTestnet: true, apiUrl: devnet.url });
    const ws = new hl.WebSocketTransport({
      isTestnet: true,
      url: devnet.wsUrl,
      // Node 20 has no global WebSocket; Node ≥ 22 would not need this.
      reconnect: { WebSocket: (globalThis.WebSocket ?? NodeWebSocket) as unknown as typeof WebSocket },
    });
    const info = new hl.InfoClient({ transport: http });
    const exchange = new hl.ExchangeClient({ transport: http, wallet });
    const subs = new hl.SubscriptionClient({ transport: ws });
    try {
      const meta = await info.meta();
      expect(meta.universe.map((u) => u.name)).toEqual(["BTC", "ETH", "SOL"]);
      const mids = await info.allMids();
      const ethMid = Number(mids.ETH);

      const fills: unknown[] = [];
      const books: unknown[] = [];
      const fillSub = await subs.userFills({ user: wallet.address }, (e) => fills.push(e));
      const bookSub = await subs.l2Book({ coin: "ETH" }, (e) => books.push(e));

      const resting = await exchange.order({
        orders: [{ a: 1, b: true, p: (ethMid * 0.9).toFixed(1), s: "0.5", r: false, t: { limit: { tif: "Gtc" } } }],
        grouping: "na",
      });
      const status = resting.response.data.statuses[0] as { resting: { oid: number } };
      expect(status.resting.oid).toBeGreaterThan(0);
      const open = await info.openOrders({ user: wallet.address });
      expect(open.map((o) => o.oid)).toEqual([status.resting.oid]);
      const cancel = await exchange.cancel({ cancels: [{ a: 1, o: status.resting.oid }] });
      expect(cancel.response.data.statuses).toEqual(["success"]);
      expect(await info.openOrders({ user: wallet.address })).toEqual([]);

      const market = await exchange.order({
        orders: [{ a: 1, b: true, p: (ethMid * 1.05).toFixed(1), s: "0.5", r: false, t: { limit: { tif: "Ioc" } } }],
        grouping: "na",
      });
      expect(market.response.data.statuses[0]).toHaveProperty("filled");
      const state = await info.clearinghouseState({ user: wallet.address });
      expect(state.assetPositions[0]?.position.szi).toBe("0.5");
      await waitFor(() => fills.length >= 2 && books.length >= 2, 5000, "nk stream updates");
      await fillSub.unsubscribe();
      await bookSub.unsubscribe();
    } finally {
      await ws.close();
    }
  });

  it("gets the real error for an unknown signer", async () => {
    const stranger = privateKeyToAccount(generatePrivateKey());
    const exchange = new hl.ExchangeClient({ transport: new hl.HttpTransport({ isTestnet: true, apiUrl: devnet.url }), wallet: stranger });
    await expect(
      exchange.order({ orders: [{ a: 0, b: true, p: "50000", s: "0.01", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" }),
    ).rejects.toThrow(`User or API Wallet ${stranger.address.toLowerCase()} does not exist.`);
  });
});
