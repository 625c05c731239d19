/**
 * Risk limits and the kill switch (src/guard) in live mode: limits from TOML, every action
 * audited to a SQLite store before it is sent, an order over a limit refused before signing,
 * a manual trip of the kill switch that cancels every open order and blocks new risk until it
 * is released, and the audit chain verified at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AccountState,
  attachKillSwitch,
  ExchangeClient,
  GuardRails,
  HttpTransport,
  InfoClient,
  KillSwitchError,
  openGuardStore,
  parseGuardConfig,
  RiskLimitError,
} from "../src/index.js";
import { NETWORK, run, setup, show } from "./_config.js";

const CONFIG = `
mode = "live"
[risk]
max_order_notional = 1000    # USD per order
max_open_orders = 5
price_band = 0.5             # |px / mid - 1|
allow = ["ETH", "BTC"]
`;

run(async () => {
  const { address, exchange } = await setup({ skipWs: true });
  const dir = mkdtempSync(join(tmpdir(), "hl-guard-"));
  const store = openGuardStore(join(dir, "guard.db"));
  try {
    const transport = new HttpTransport({ url: NETWORK.apiUrl });
    const info = new InfoClient({ transport });
    const account = new AccountState(info, address);
    await account.refresh();
    const guard = new GuardRails({ config: parseGuardConfig(CONFIG, "example"), store, account, network: NETWORK.name });
    const client = new ExchangeClient({ wallet: exchange.wallet, transport, isMainnet: NETWORK.isMainnet, guard });
    attachKillSwitch(guard, client, account);

    const eth = account.assetOf("ETH")!;
    const mid = account.mid("ETH")!;
    const bid = (sz: string, px = Math.round(mid * 0.9)) => ({ a: eth, b: true, p: String(px), s: sz, r: false, t: { limit: { tif: "Gtc" as const } } });

    const small = await client.order({ orders: [bid("0.1")], grouping: "na" });
    show("within the limits", small);

    try {
      await client.order({ orders: [bid("1")], grouping: "na" });
      throw new Error("an order over max_order_notional went through");
    } catch (e) {
      if (!(e instanceof RiskLimitError)) throw e;
      console.log(`refused before signing: rule ${e.rule}, value ${e.value}, limit ${e.limit}`);
    }

    await guard.trip("example: manual stop");
    await account.refresh();
    console.log("kill switch tripped; open orders now:", account.openOrders());
    if (account.openOrders() !== 0) throw new Error("the kill switch left orders open");
    try {
      await client.order({ orders: [bid("0.1")], grouping: "na" });
      throw new Error("the kill switch let a new order through");
    } catch (e) {
      if (!(e instanceof KillSwitchError)) throw e;
      console.log("blocked while tripped:", e.shortMessage);
    }

    guard.release("example: resumed");
    const again = await client.order({ orders: [bid("0.1")], grouping: "na" });
    show("after release", again);
    const status = again.response.data.statuses[0];
    const oid = status && typeof status === "object" && "resting" in status ? status.resting?.oid : undefined;
    if (oid !== undefined) await client.cancel({ cancels: [{ a: eth, o: oid }] });

    const chain = store.verifyChain();
    show("audit chain", chain);
    if (!chain.ok) throw new Error("the audit chain is broken");
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
