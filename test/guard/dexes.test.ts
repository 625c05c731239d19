/**
 * The kill switch and `hl cancel-all` across every dex: resting orders on the default perp dex,
 * spot and two builder-deployed (HIP-3) perp dexes are all cancelled — by a trip, by the CLI's
 * cancel-all and by `hl kill` — and the account sees every dex's orders and positions.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Decimal } from "decimal.js";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roundPx } from "../../devnet/markets.js";
import { AccountState } from "../../src/guard/account.js";
import { attachKillSwitch, cancelAllOpen } from "../../src/guard/killswitch.js";
import { privateKeyWallet } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { startGuardSetup, wireOrder, type GuardedTrader, type GuardSetup } from "./setup.js";

let setup: GuardSetup;
const deployer = privateKeyWallet(generatePrivateKey());
beforeAll(async () => {
  setup = await startGuardSetup();
  await setup.devnet.seed({
    dexes: [
      { name: "alpha", fullName: "alpha dex", deployer: deployer.address, assets: [{ coin: "ABC", szDecimals: 2, maxLeverage: 10, px: "20" }] },
      { name: "beta", fullName: "beta dex", deployer: deployer.address, assets: [{ coin: "XYZ", szDecimals: 1, maxLeverage: 5, px: "150" }] },
    ],
  });
});
afterAll(() => setup.close());

const COINS = ["BTC", "PURR/USDC", "alpha:ABC", "beta:XYZ"] as const;

/** Three resting bids 20–22% under the mid on `coin`, at least $12 each. */
async function restOn(t: GuardedTrader, coin: string): Promise<void> {
  const market = setup.devnet.engine.market(coin)!;
  const mid = t.account.mid(coin)!;
  expect(mid, coin).toBeGreaterThan(0);
  const orders = [0, 1, 2].map((i) => {
    const px = Number(roundPx(mid * (0.78 + i * 0.01), market));
    return wireOrder(t.account.assetOf(coin)!, true, String(px), new Decimal(12 / px).toDecimalPlaces(market.szDecimals, Decimal.ROUND_UP).toFixed());
  });
  const res = await t.exchange.order({ orders, grouping: "na" });
  expect(
    res.response.data.statuses.every((s) => typeof s === "object" && "resting" in s),
    JSON.stringify(res),
  ).toBe(true);
}

/** Open orders per coin, asked dex by dex as the exchange answers. */
async function openByCoin(user: string): Promise<Record<string, number>> {
  const lists = await Promise.all([
    setup.info.openOrders({ user }),
    setup.info.openOrders({ user, dex: "alpha" }),
    setup.info.openOrders({ user, dex: "beta" }),
  ]);
  const out: Record<string, number> = {};
  for (const o of lists.flat()) out[o.coin] = (out[o.coin] ?? 0) + 1;
  return out;
}

async function fundSpot(user: string): Promise<void> {
  const res = await fetch(`${setup.devnet.url}/devnet/fund`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user, spot: { USDC: "1000" } }),
  });
  expect(res.status).toBe(200);
}

async function restEverywhere(t: GuardedTrader): Promise<void> {
  await fundSpot(t.wallet.address);
  for (const coin of COINS) await restOn(t, coin);
  expect(await openByCoin(t.wallet.address)).toEqual({ BTC: 3, "PURR/USDC": 3, "alpha:ABC": 3, "beta:XYZ": 3 });
}

describe("every dex", { timeout: 120_000 }, () => {
  it("the account learns the HIP-3 dexes: asset ids, mids, open orders and positions of each", async () => {
    const t = await setup.trader({ toml: "[risk]\nmax_open_orders = 100" });
    expect(t.account.dexes).toEqual(["", "alpha", "beta"]);
    expect(t.account.assetOf("alpha:ABC")).toBe(110_000);
    expect(t.account.assetOf("beta:XYZ")).toBe(120_000);
    expect(t.account.mid("beta:XYZ")).toBeCloseTo(150, -1);
    await restEverywhere(t);
    await t.account.refresh();
    expect(t.account.openOrders()).toBe(12);
    const abc = setup.devnet.engine.market("alpha:ABC")!;
    await t.exchange.order({ orders: [wireOrder(110_000, true, roundPx(t.account.mid("alpha:ABC")! * 1.05, abc), "1", { tif: "Ioc" })], grouping: "na" });
    await t.account.refresh();
    expect(t.account.position("alpha:ABC")).toBe(1);
  });

  it("a kill-switch trip cancels the resting orders on the default dex, spot and both HIP-3 dexes", async () => {
    const t = await setup.trader({ toml: "[risk]\nmax_open_orders = 100" });
    await restEverywhere(t);
    attachKillSwitch(t.guard, t.exchange, t.account);
    await t.guard.trip("test: every dex");
    expect(await openByCoin(t.wallet.address)).toEqual({});
  });

  it("hl cancel-all and hl kill reach every dex", async () => {
    for (const command of [["cancel-all"], ["kill", "--reason", "every dex"]]) {
      const key = generatePrivateKey();
      const t = await setup.trader({ toml: "[risk]\nmax_open_orders = 100", wallet: privateKeyWallet(key) });
      await restEverywhere(t);
      const config = join(setup.dir, `cli-${command[0]}.toml`);
      writeFileSync(config, `mode = "live"\n[store]\npath = ${JSON.stringify(join(setup.dir, `cli-${command[0]}.db`))}\n`);
      const out = await runCli([...command, "--url", setup.devnet.url, "--config", config, "--json"], { env: { HL_PRIVATE_KEY: key, HL_MODE: "" } });
      expect(out.code, out.stderr).toBe(0);
      expect(JSON.parse(out.stdout)).toMatchObject({ canceled: 12 });
      expect(await openByCoin(t.wallet.address)).toEqual({});
    }
  });

  it("between full scans asks clearinghouseState and openOrders only of the dexes in use", async () => {
    const t = await setup.trader({ toml: "[risk]\nmax_open_orders = 100" });
    const asked: string[] = [];
    const info = setup.info;
    const spy = {
      meta: info.meta.bind(info),
      spotMeta: info.spotMeta.bind(info),
      perpDexs: info.perpDexs.bind(info),
      allMids: info.allMids.bind(info),
      clearinghouseState: (p: Parameters<typeof info.clearinghouseState>[0]) => (asked.push(`state:${p.dex ?? ""}`), info.clearinghouseState(p)),
      openOrders: (p: Parameters<typeof info.openOrders>[0]) => (asked.push(`open:${p.dex ?? ""}`), info.openOrders(p)),
    };
    const account = new AccountState(spy, t.wallet.address);
    await account.refresh();
    expect(asked.sort()).toEqual(["open:", "open:alpha", "open:beta", "state:", "state:alpha", "state:beta"]);
    asked.length = 0;
    await account.refresh();
    expect(asked.sort()).toEqual(["open:", "state:"]);
    // An order placed on alpha (a fill: nothing rests) puts alpha in use.
    account.noteTraded([110_000]);
    asked.length = 0;
    await account.refresh();
    expect(asked.sort()).toEqual(["open:", "open:alpha", "state:", "state:alpha"]);
    // cancel-all always looks at every dex.
    asked.length = 0;
    await cancelAllOpen(t.exchange, account);
    expect(asked.sort()).toEqual(["open:", "open:alpha", "open:beta", "state:", "state:alpha", "state:beta"]);
    // An order noted while a refresh is in flight is not lost when that refresh (which did not ask its dex) lands.
    const inFlight = account.refresh();
    account.noteTraded([120_000]);
    await inFlight;
    asked.length = 0;
    await account.refresh();
    expect(asked).toContain("open:beta");
  });

  it("the guard marks the dex of a filled HIP-3 order in use, so its position is seen at the next refresh", async () => {
    const t = await setup.trader({ toml: "[risk]\nmax_open_orders = 100" });
    const xyz = setup.devnet.engine.market("beta:XYZ")!;
    await t.exchange.order({ orders: [wireOrder(120_000, false, roundPx(t.account.mid("beta:XYZ")! * 0.95, xyz), "0.5", { tif: "Ioc" })], grouping: "na" });
    await t.account.refresh();
    expect(t.account.position("beta:XYZ")).toBe(-0.5);
  });
});
