/**
 * A TWAP order: the exchange slices 0.2 ETH over 5 minutes (a slice every 30 s), then this
 * example reads its state and slice fills and cancels it. Uses the typed ExchangeClient; the
 * Python SDK has no TWAP method.
 */
import { ExchangeClient, HttpTransport, InfoClient } from "../src/index.js";
import { NETWORK, run, setup, show, sleep } from "./_config.js";

run(async () => {
  const { address, info: py, exchange } = await setup({ skipWs: true });
  const transport = new HttpTransport({ url: NETWORK.apiUrl });
  const client = new ExchangeClient({ wallet: exchange.wallet, transport, isMainnet: NETWORK.isMainnet });
  const info = new InfoClient({ transport });
  const eth = await py.name_to_asset("ETH");

  // m: minutes; t: randomize slice timing.
  const placed = await client.twapOrder({ twap: { a: eth, b: true, s: "0.2", r: false, m: 5, t: false } });
  show("twap order", placed);
  const status = placed.response.data.status;
  const twapId = "running" in status ? status.running?.twapId : undefined;
  if (twapId === undefined) throw new Error(`the TWAP did not start: ${JSON.stringify(status)}`);

  await sleep(1500);
  show("slice fills so far", await info.userTwapSliceFills({ user: address }));
  show("cancel", await client.twapCancel({ a: eth, t: twapId }));
  const history = await info.twapHistory({ user: address });
  show("twap history", history);
  if (!history.some((h) => h.twapId === twapId)) throw new Error(`TWAP ${twapId} is not in twapHistory`);
});
