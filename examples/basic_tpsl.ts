/**
 * Python examples/basic_tpsl.py [--is_buy]: open a position with an aggressive limit order,
 * place a stop-loss and a take-profit (reduce-only triggers) and cancel them, then the same as
 * one normalTpsl group. The Python prices assume ETH at 3000; this port scales them to the
 * current mid.
 */
import type { OrderRequest } from "../src/index.js";
import { ok, restingOid, run, setup } from "./_config.js";

run(async () => {
  const { info, exchange } = await setup({ skipWs: true });
  const isBuy = process.argv.includes("--is_buy");
  const coin = "ETH";
  const sz = 0.02;
  const scale = Number((await info.all_mids())[coin]) / 3000;
  const at = (px: number): number => Math.round(px * scale);
  const px = at(isBuy ? 3500 : 2500);
  const triggerPx = at(isBuy ? 2600 : 3400);
  const slPx = at(isBuy ? 2500 : 3500);

  ok("entry order", await exchange.order(coin, isBuy, sz, px, { limit: { tif: "Gtc" } }));

  const stop = ok("stop order", await exchange.order(coin, !isBuy, sz, slPx, { trigger: { triggerPx, isMarket: true, tpsl: "sl" } }, true));
  const stopOid = restingOid(stop);
  if (stopOid !== undefined) ok("cancel stop", await exchange.cancel(coin, stopOid));

  const tp = ok("tp order", await exchange.order(coin, !isBuy, sz, px, { trigger: { triggerPx: px, isMarket: true, tpsl: "tp" } }, true));
  const tpOid = restingOid(tp);
  if (tpOid !== undefined) ok("cancel tp", await exchange.cancel(coin, tpOid));

  // The parent order and its TP/SL children in one action: the children wait for the parent's fill.
  const orders: OrderRequest[] = [
    { coin, is_buy: isBuy, sz, limit_px: px, order_type: { limit: { tif: "Gtc" } }, reduce_only: false },
    { coin, is_buy: !isBuy, sz, limit_px: px, order_type: { trigger: { isMarket: true, triggerPx: px, tpsl: "tp" } }, reduce_only: true },
    { coin, is_buy: !isBuy, sz, limit_px: slPx, order_type: { trigger: { isMarket: true, triggerPx, tpsl: "sl" } }, reduce_only: true },
  ];
  ok("grouped order", await exchange.bulk_orders(orders, null, "normalTpsl"));
});
