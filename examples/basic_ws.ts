/**
 * Python examples/basic_ws.py: subscribe to each subscription type and print what arrives.
 * Python runs until interrupted; this port stops after HL_EXAMPLES_SECONDS (default: until
 * Ctrl-C) and fails if nothing at all arrived. Some types send no snapshot, so they stay quiet
 * until something happens.
 */
import { run, setup, sleep } from "./_config.js";

run(async () => {
  const { address, info, close } = await setup();
  const seen = new Map<string, number>();
  const print = (msg: { channel: string; data: unknown }): void => {
    seen.set(msg.channel, (seen.get(msg.channel) ?? 0) + 1);
    console.log(msg.channel, JSON.stringify(msg.data).slice(0, 200));
  };
  info.subscribe({ type: "allMids" }, print);
  info.subscribe({ type: "l2Book", coin: "ETH" }, print);
  info.subscribe({ type: "trades", coin: "PURR/USDC" }, print);
  info.subscribe({ type: "userEvents", user: address }, print);
  info.subscribe({ type: "userFills", user: address }, print);
  info.subscribe({ type: "candle", coin: "ETH", interval: "1m" }, print);
  info.subscribe({ type: "orderUpdates", user: address }, print);
  info.subscribe({ type: "userFundings", user: address }, print);
  info.subscribe({ type: "userNonFundingLedgerUpdates", user: address }, print);
  info.subscribe({ type: "webData2", user: address }, print);
  info.subscribe({ type: "bbo", coin: "ETH" }, print);
  info.subscribe({ type: "activeAssetCtx", coin: "BTC" }, print); // perp
  info.subscribe({ type: "activeAssetCtx", coin: "@1" }, print); // spot
  info.subscribe({ type: "activeAssetData", user: address, coin: "BTC" }, print); // perp only

  const seconds = Number(process.env.HL_EXAMPLES_SECONDS || 0);
  if (seconds <= 0) await new Promise(() => undefined);
  await sleep(seconds * 1000);
  await close();
  console.log("messages per channel:", JSON.stringify(Object.fromEntries(seen)));
  if (seen.size === 0) throw new Error(`no message arrived in ${seconds} s`);
});
