/**
 * The dead-man's switch against a devnet whose clock the test moves: while it re-arms, a passed
 * first deadline cancels nothing; once it stops re-arming (what a dead process does), the last
 * deadline passes and the devnet cancels every open order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePrivateKey } from "viem/accounts";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { ExchangeClient, GuardConfigError, HttpTransport, InfoClient, privateKeyWallet } from "../../src/index.js";
import { startDeadMansSwitch } from "../../src/guard/deadman.js";
import { GuardRails } from "../../src/guard/pipeline.js";
import { openGuardStore } from "../../src/guard/store.js";
import { wireOrder } from "./setup.js";

let clock = Date.now();
let devnet: Devnet;
beforeAll(async () => {
  devnet = await startDevnet({ port: 0, now: () => clock });
});
afterAll(() => devnet.close());

const tick = async (): Promise<void> => {
  expect((await fetch(`${devnet.url}/devnet/tick`, { method: "POST", body: "{}" })).status).toBe(200);
};

describe("dead-man's switch", () => {
  it("re-arming keeps the orders; after it stops, the last deadline cancels them", async () => {
    const wallet = privateKeyWallet(generatePrivateKey());
    devnet.fund(wallet.address, 100_000);
    const transport = new HttpTransport({ url: devnet.url, retry: { attempts: 1 } });
    const info = new InfoClient({ transport });
    const store = openGuardStore(":memory:");
    const exchange = new ExchangeClient({ wallet, transport, isMainnet: false, guard: new GuardRails({ store, network: "local", env: {} }) });
    const px = String(Math.round(Number(devnet.engine.midPx("BTC")) * 0.9));
    await exchange.order({ orders: [1, 2, 3].map(() => wireOrder(0, true, px, "0.001")), grouping: "na" });
    const open = async (): Promise<number> => (await info.openOrders({ user: wallet.address })).length;
    expect(await open()).toBe(3);

    const dms = startDeadMansSwitch(exchange, { everyMs: 10, windowMs: 5000, now: () => clock });
    await dms.ready;
    const first = dms.deadline!;
    // Past the first deadline, but re-armed since: nothing is cancelled.
    clock += 3000;
    await expect.poll(() => dms.deadline! > first, { timeout: 2000, interval: 5 }).toBe(true);
    clock += 3000;
    const second = dms.deadline!;
    await expect.poll(() => dms.deadline! > second, { timeout: 2000, interval: 5 }).toBe(true);
    await tick();
    expect(clock).toBeGreaterThan(first);
    expect(await open()).toBe(3);

    await dms.stop();
    const last = dms.deadline!;
    clock = last - 1;
    await tick();
    expect(await open()).toBe(3);
    clock = last + 1;
    await tick();
    expect(await open()).toBe(0);
    const statuses = await info.historicalOrders({ user: wallet.address });
    expect(statuses.filter((o) => o.status === "scheduledCancel")).toHaveLength(3);
    expect(store.auditRows().filter((r) => r.operation === "scheduleCancel" && r.status === "ok").length).toBe(dms.arms);
    store.close();
  });

  it("disarm removes the scheduled cancel; bad windows name the key", async () => {
    const wallet = privateKeyWallet(generatePrivateKey());
    devnet.fund(wallet.address, 100_000);
    const transport = new HttpTransport({ url: devnet.url, retry: { attempts: 1 } });
    const exchange = new ExchangeClient({ wallet, transport, isMainnet: false });
    const px = String(Math.round(Number(devnet.engine.midPx("ETH")) * 0.9));
    await exchange.order({ orders: [wireOrder(1, true, px, "0.01")], grouping: "na" });
    const dms = startDeadMansSwitch(exchange, { everyMs: 1000, windowMs: 5000, now: () => clock });
    await dms.ready;
    await dms.disarm();
    clock += 10_000;
    await tick();
    expect((await new InfoClient({ transport }).openOrders({ user: wallet.address })).length).toBe(1);
    expect(() => startDeadMansSwitch(exchange, { everyMs: 1000, windowMs: 4000 })).toThrow(GuardConfigError);
    expect(() => startDeadMansSwitch(exchange, { everyMs: 3000, windowMs: 5000 })).toThrow(/deadman\.everyMs/);
  });
});
