/** Request encoding and a realistic response for info types without a recorded cassette. */
import { describe, expect, it } from "vitest";
import { Info } from "../../src/compat/info.js";
import { InfoClient } from "../../src/clients/info.js";
import { ValidationError } from "../../src/errors/base.js";
import type { Transport } from "../../src/transport/types.js";

const USER = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
const order = {
  coin: "ETH",
  side: "A",
  limitPx: "2412.7",
  sz: "0.0",
  oid: 1,
  timestamp: 1724361546645,
  triggerCondition: "N/A",
  isTrigger: false,
  triggerPx: "0.0",
  children: [],
  isPositionTpsl: false,
  reduceOnly: true,
  orderType: "Market",
  origSz: "0.0076",
  tif: "FrontendMarket",
  cloid: null,
};

function fake(response: unknown): Transport & { bodies: unknown[] } {
  const bodies: unknown[] = [];
  return { bodies, request: async (_e, body) => (bodies.push(body), structuredClone(response)) };
}

describe("info endpoints", () => {
  it("spotMeta", async () => {
    const t = fake({
      tokens: [
        {
          name: "USDC",
          szDecimals: 8,
          weiDecimals: 8,
          index: 0,
          tokenId: "0x6d1e7cde53ba9467b783cb7c530ce054",
          isCanonical: true,
          evmContract: null,
          fullName: null,
        },
      ],
      universe: [{ tokens: [1, 0], name: "PURR/USDC", index: 0, isCanonical: true }],
    });
    const meta = await new Info({ transport: t, validation: "strict" }).spot_meta();
    expect(meta.universe[0]!.name).toBe("PURR/USDC");
    expect(t.bodies).toEqual([{ type: "spotMeta" }]);
  });

  it("spotClearinghouseState", async () => {
    const t = fake({ balances: [{ coin: "USDC", token: 0, hold: "0.0", total: "14.625485", entryNtl: "0.0" }] });
    expect((await new Info({ transport: t, validation: "strict" }).spot_user_state(USER)).balances).toHaveLength(1);
    expect(t.bodies).toEqual([{ type: "spotClearinghouseState", user: USER }]);
  });

  it("orderStatus by oid and by cloid, found and unknown", async () => {
    const found = fake({ status: "order", order: { order, status: "filled", statusTimestamp: 1724361546645 } });
    const info = new Info({ transport: found, validation: "strict" });
    expect(await info.query_order_by_oid(USER, 1)).toMatchObject({ status: "order" });
    const cloid = "0x00000000000000000000000000000001";
    await info.query_order_by_cloid(USER, cloid);
    expect(found.bodies).toEqual([
      { type: "orderStatus", user: USER, oid: 1 },
      { type: "orderStatus", user: USER, oid: cloid },
    ]);
    expect(await new Info({ transport: fake({ status: "unknownOid" }), validation: "strict" }).query_order_by_oid(USER, 2)).toEqual({ status: "unknownOid" });
    await expect(info.query_order_by_cloid(USER, "0x12")).rejects.toBeInstanceOf(ValidationError);
  });

  it("historicalOrders, extraAgents, maxBuilderFee", async () => {
    expect(await new Info({ transport: fake([{ order, status: "canceled", statusTimestamp: 1 }]), validation: "strict" }).historical_orders(USER)).toHaveLength(
      1,
    );
    expect(
      await new Info({ transport: fake([{ address: USER, name: "bot", validUntil: 1900000000000 }]), validation: "strict" }).extra_agents(USER),
    ).toHaveLength(1);
    const t = fake(10);
    expect(await new InfoClient({ transport: t, validation: "strict" }).maxBuilderFee({ user: USER, builder: USER })).toBe(10);
    expect(t.bodies).toEqual([{ type: "maxBuilderFee", user: USER, builder: USER }]);
  });

  it("strict mode catches a wrong shape", async () => {
    await expect(new Info({ transport: fake({ status: "order" }), validation: "strict" }).query_order_by_oid(USER, 1)).rejects.toThrow(/order/);
  });
});
