/**
 * Paper trading with the guard rails (src/guard): in dry-run mode every action is checked and
 * signed but not sent; the answer is simulated in the action's response shape with the signed
 * payload under `dryRun`. Read-only mode refuses every action before signing. The same bot code
 * then runs live by changing the mode (or HL_MODE) only.
 */
import { dryRunOf, ExchangeClient, GuardRails, HttpTransport, ReadOnlyModeError } from "../src/index.js";
import { NETWORK, run, setup, show } from "./_config.js";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  const transport = new HttpTransport({ url: NETWORK.apiUrl });
  const guard = new GuardRails({ mode: "dry-run", network: NETWORK.name });
  const paper = new ExchangeClient({ wallet: exchange.wallet, transport, isMainnet: NETWORK.isMainnet, guard });

  const eth = await info.name_to_asset("ETH");
  const mid = Number((await info.all_mids()).ETH);
  const order = { a: eth, b: true, p: String(Math.round(mid * 0.98)), s: "0.1", r: false, t: { limit: { tif: "Gtc" as const } } };
  console.log(`dry-run: buy 0.1 ETH at ${order.p} (mid ${mid})`);
  const answer = await paper.order({ orders: [order], grouping: "na" });
  show("simulated answer", { ...answer, dryRun: undefined });
  const sent = dryRunOf(answer);
  if (!sent) throw new Error("a dry-run answer carries the signed payload");
  show("would have sent", sent.payload);

  const open = await info.open_orders(address);
  console.log("open orders on the exchange:", open.length);
  if (open.length !== 0) throw new Error("dry-run sent an order");

  guard.setMode("read-only", "example: market closed for this bot");
  try {
    await paper.order({ orders: [order], grouping: "na" });
    throw new Error("read-only mode let an order through");
  } catch (e) {
    if (!(e instanceof ReadOnlyModeError)) throw e;
    console.log("read-only refused it before signing:", e.shortMessage);
  }
});
