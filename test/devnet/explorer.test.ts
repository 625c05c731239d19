/** The explorer feeds (explorerBlock, explorerTxs) on the devnet's WebSocket: bare arrays, checked against the schema. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { explorerSubscriptionEndpoints, validate } from "../../src/index.js";
import { limit, startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: 4 });
});
afterAll(() => h.close());

async function open(): Promise<{ ws: WebSocket; frames: unknown[] }> {
  const ws = new WebSocket(h.devnet.wsUrl);
  const frames: unknown[] = [];
  ws.on("message", (data: Buffer) => frames.push(JSON.parse(data.toString("utf8"))));
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  return { ws, frames };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error("timed out");
};

describe("explorer subscriptions", () => {
  it("pushes one block and its transactions per action, including a rejected one with its error", async () => {
    const { ws, frames } = await open();
    try {
      for (const type of Object.keys(explorerSubscriptionEndpoints)) ws.send(JSON.stringify({ method: "subscribe", subscription: { type } }));
      await until(() => frames.length >= 2);
      const t = h.trader({ fund: 1000 });
      await t.exchange.order({ orders: [limit(0, true, "50000", "0.01")], grouping: "na" });
      await expect(t.exchange.usdSend({ destination: "0x0000000000000000000000000000000000000001", amount: "100000" })).rejects.toThrow();
      const arrays = () => frames.filter((f): f is unknown[] => Array.isArray(f));
      await until(() => arrays().length >= 4);
      const blocks = arrays().filter((a) => validate("ExplorerBlockEvent", a).length === 0 && (a[0] as { proposer?: string }).proposer);
      const txs = arrays().filter((a) => (a[0] as { action?: unknown }).action !== undefined);
      expect(blocks.length).toBe(2);
      expect(txs.length).toBe(2);
      for (const list of txs) expect(validate("ExplorerTxsEvent", list)).toEqual([]);
      const [order, send] = txs.map((l) => l[0] as { action: { type: string }; error: string | null; user: string; block: number });
      expect(order).toMatchObject({ action: { type: "order" }, error: null, user: t.wallet.address.toLowerCase() });
      expect(send?.action.type).toBe("usdSend");
      expect(send?.error).toMatch(/Insufficient balance/);
      expect(send!.block).toBe(order!.block + 1);
    } finally {
      ws.close();
    }
  });

  it("refuses a malformed explorer subscription like any other", async () => {
    const { ws, frames } = await open();
    try {
      ws.send(JSON.stringify({ method: "subscribe", subscription: { type: "explorerBlock", extra: 1 } }));
      await until(() => frames.length >= 1);
      expect(frames[0]).toMatchObject({ channel: "error" });
    } finally {
      ws.close();
    }
  });
});
