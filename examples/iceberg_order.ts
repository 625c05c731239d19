/**
 * An iceberg order built from plain limit orders: buy TOTAL ETH showing only CLIP at a time.
 * Each clip is a limit order at the best ask (so on a quiet devnet it fills against the
 * built-in market maker); the next clip goes in only when the previous one is filled, and a
 * clip that rests longer than CLIP_TIMEOUT is cancelled and the rest re-priced. The exchange
 * has no native iceberg type, so the bot (or an SDK algo) does this bookkeeping.
 */
import { Decimal } from "decimal.js";
import { ok, run, setup, show, sleep, statusesOf } from "./_config.js";

const COIN = "ETH";
const TOTAL = new Decimal("0.3");
const CLIP = new Decimal("0.1");
const CLIP_TIMEOUT = 5_000; // ms
const MAX_CLIPS = 20; // give up rather than chase a market that never fills

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  let filled = new Decimal(0);
  let notional = new Decimal(0);
  for (let clips = 0; filled.lt(TOTAL); clips++) {
    if (clips === MAX_CLIPS) throw new Error(`only ${filled} of ${TOTAL} filled after ${MAX_CLIPS} clips`);
    const size = Decimal.min(CLIP, TOTAL.minus(filled));
    const book = await info.l2_snapshot(COIN);
    const ask = book.levels[1][0];
    if (!ask) throw new Error("no ask to buy from");
    console.log(`clip: buy ${size} ${COIN} at ${ask.px} (${filled}/${TOTAL} done)`);
    const res = ok("clip", await exchange.order(COIN, true, size.toString(), ask.px, { limit: { tif: "Gtc" } }));
    const status = statusesOf(res)[0] as { filled?: { oid: number }; resting?: { oid: number } };
    const oid = status.filled?.oid ?? status.resting?.oid;
    if (oid === undefined) throw new Error(`unexpected status ${JSON.stringify(status)}`);
    if (status.resting) {
      // Resting (maybe partly filled): give it CLIP_TIMEOUT, then cancel the rest and go again at the new price.
      const deadline = Date.now() + CLIP_TIMEOUT;
      let state = await info.query_order_by_oid(address, oid);
      while (Date.now() < deadline && state.status === "order" && state.order.status === "open") {
        await sleep(250);
        state = await info.query_order_by_oid(address, oid);
      }
      if (state.status === "order" && state.order.status === "open") ok("cancel stale clip", await exchange.cancel(COIN, oid));
    }
    // The fills of this clip's order are what counts (a fill may come in several pieces).
    for (const fill of (await info.user_fills(address)).filter((f) => f.oid === oid)) {
      filled = filled.plus(fill.sz);
      notional = notional.plus(new Decimal(fill.sz).times(fill.px));
    }
  }
  const avg = notional.div(filled);
  console.log(`bought ${filled} ${COIN} in clips of ${CLIP}, average price ${avg.toSignificantDigits(6)}`);
  const position = (await info.user_state(address)).assetPositions.find((p) => p.position.coin === COIN);
  show("position", position?.position);
  if (!position || !new Decimal(position.position.szi).eq(TOTAL)) throw new Error(`position is ${position?.position.szi ?? 0}, expected ${TOTAL}`);
});
