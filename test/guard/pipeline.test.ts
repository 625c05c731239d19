/** The pipeline against the devnet: modes, audit before/after, state update, errors naming the mode. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExchangeError, ReadOnlyModeError, RiskLimitError, validate } from "../../src/index.js";
import { dryRunOf } from "../../src/guard/pipeline.js";
import { startGuardSetup, wireOrder, type GuardSetup } from "./setup.js";

let env: GuardSetup;
beforeAll(async () => {
  env = await startGuardSetup();
});
afterAll(() => env.close());

const mid = async (coin: string): Promise<number> => Number((await env.info.allMids())[coin]);
const tick = (px: number): string => String(Math.round(px));

describe("modes", () => {
  it("read-only refuses before signing: the devnet sees no request", async () => {
    const t = await env.trader({ toml: 'mode = "read-only"' });
    const err = await t.exchange
      .order({ orders: [wireOrder(t.assets.BTC!, true, tick((await mid("BTC")) * 0.9), "0.001")], grouping: "na" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReadOnlyModeError);
    expect((err as ReadOnlyModeError).details).toContain("mode read-only (local)");
    await expect(t.exchange.cancel({ cancels: [{ a: 0, o: 1 }] })).rejects.toBeInstanceOf(ReadOnlyModeError);
    expect(t.transport.exchangeRequests).toBe(0);
    const last = t.store.tail(1)[0]!;
    expect(last).toMatchObject({ operation: "cancel", status: "rejected", mode: "read-only" });
  });

  it("dry-run signs, returns a simulated answer of the response shape and the payload, sends nothing", async () => {
    const t = await env.trader({ toml: 'mode = "dry-run"' });
    const res = await t.exchange.order({ orders: [wireOrder(t.assets.ETH!, true, tick((await mid("ETH")) * 0.95), "0.01")], grouping: "na" });
    expect(validate("OrderOk", res)).toEqual([]);
    const dry = dryRunOf(res);
    expect(dry?.payload.nonce).toEqual(expect.any(Number));
    expect(dry?.payload.signature).toMatchObject({ v: expect.any(Number) });
    expect(
      validate(
        "CancelOk",
        await t.exchange.cancel({
          cancels: [
            { a: 0, o: 1 },
            { a: 0, o: 2 },
          ],
        }),
      ),
    ).toEqual([]);
    expect(t.transport.exchangeRequests).toBe(0);
    expect(t.store.tail(1)[0]).toMatchObject({ operation: "cancel", status: "dry-run" });
    // The payload is the real thing: sent as is, the devnet accepts it.
    const sent = await t.exchange.resend(dry!.payload);
    expect(validate("OrderOk", sent)).toEqual([]);
  });

  it("HL_MODE overrides the config and the constructor overrides both", async () => {
    const a = await env.trader({ toml: 'mode = "live"', guard: { env: { HL_MODE: "read-only" } } });
    expect(a.guard.mode).toBe("read-only");
    const b = await env.trader({ toml: 'mode = "live"', guard: { env: { HL_MODE: "read-only" }, mode: "dry-run" } });
    expect(b.guard.mode).toBe("dry-run");
    await expect(env.trader({ guard: { env: { HL_MODE: "paperish" } } })).rejects.toThrow(
      /HL_MODE is "paperish"; expected one of live, read-only, dry-run, paper/,
    );
  });
});

describe("live", () => {
  it("audits before and after, records the resting order and keeps the chain", async () => {
    const t = await env.trader();
    const px = tick((await mid("BTC")) * 0.9);
    const res = await t.exchange.order({ orders: [wireOrder(t.assets.BTC!, true, px, "0.001")], grouping: "na" });
    expect(t.transport.exchangeRequests).toBe(1);
    const rows = t.store.auditRows().filter((r) => r.operation === "order");
    expect(rows.map((r) => [r.phase, r.status])).toEqual([
      ["before", "pending"],
      ["after", "ok"],
    ]);
    expect(rows[1]!.ref).toBe(rows[0]!.id);
    expect(JSON.parse(rows[1]!.response!)).toEqual(res);
    const oid = (res.response.data.statuses[0] as { resting: { oid: number } }).resting.oid;
    expect(t.store.orders("open")).toMatchObject([{ oid: String(oid), symbol: "BTC", side: "buy", price: px, quantity: "0.001" }]);
    expect(t.account.openOrders()).toBe(1);
    await t.exchange.cancel({ cancels: [{ a: t.assets.BTC!, o: oid }] });
    expect(t.store.orders("canceled")).toHaveLength(1);
    expect(t.account.openOrders()).toBe(0);
    expect(t.store.verifyChain()).toMatchObject({ ok: true });
  });

  it("an exchange rejection is completed as exchange-error", async () => {
    const t = await env.trader({ fund: 10 });
    const err = await t.exchange.usdSend({ destination: "0x0000000000000000000000000000000000000001", amount: "5000" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    const rows = t.store.auditRows().filter((r) => r.operation === "usdSend");
    expect(rows.map((r) => [r.phase, r.status])).toEqual([
      ["before", "pending"],
      ["after", "exchange-error"],
    ]);
    expect(JSON.parse(rows[1]!.error!).message).toContain((err as ExchangeError).response);
  });

  it("a risk refusal is a RiskLimitError naming rule, value and limit, audited, nothing sent", async () => {
    const t = await env.trader({ toml: "[risk]\nmax_order_notional = 1000" });
    const px = tick((await mid("BTC")) * 0.9);
    const err = await t.exchange.order({ orders: [wireOrder(t.assets.BTC!, true, px, "1")], grouping: "na" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RiskLimitError);
    expect(err).toMatchObject({ rule: "max_order_notional", limit: "1000", value: px, mode: "live", coin: "BTC" });
    expect(t.transport.exchangeRequests).toBe(0);
    expect(t.store.tail(1)[0]).toMatchObject({ status: "rejected", operation: "order" });
  });
});
