/**
 * Python examples/basic_adding.py: a very basic liquidity-adding strategy. It keeps one
 * post-only (Alo) order per side DEPTH away from the best bid / offer, cancels and replaces
 * it when the book moves more than ALLOWABLE_DEVIATION of that distance, sizes orders so the
 * position stays within ±MAX_POSITION, and polls open orders and the position every
 * POLL_INTERVAL seconds (cancelling orders it does not know). Runs until Ctrl-C, or for
 * HL_EXAMPLES_SECONDS, then cancels its orders.
 */
import type { Exchange, Info } from "../src/index.js";
import { run, setup, show, sleep, statusError, statusesOf } from "./_config.js";

const DEPTH = 0.003; // 0.3% from the best price
const ALLOWABLE_DEVIATION = 0.5; // of the ideal distance
const MAX_POSITION = 1.0; // coins
const COIN = "ETH";
const POLL_INTERVAL = 10; // s
const ORDER_TIMEOUT = 10_000; // ms an in-flight order may take before it counts as cancelled
const CANCEL_CLEANUP_TIME = 30_000; // ms a cancelled oid is remembered

type Side = "A" | "B";
type ProvideState = { type: "in_flight_order"; time: number } | { type: "resting"; px: number; oid: number } | { type: "cancelled" };
type Level = { px: string };

const sideToInt = (side: Side): number => (side === "A" ? 1 : -1);
const sideToUint = (side: Side): number => (side === "A" ? 1 : 0);

class BasicAdder {
  position: number | null = null;
  provideState: Record<Side, ProvideState> = { A: { type: "cancelled" }, B: { type: "cancelled" } };
  recentlyCancelledOidToTime = new Map<number, number>();
  placed = 0;
  private stopped = false;
  private lastBook: { coin: string; levels: Level[][] } | undefined;

  constructor(
    private readonly address: string,
    private readonly info: Info,
    private readonly exchange: Exchange,
  ) {
    info.subscribe({ type: "l2Book", coin: COIN }, (msg) => void this.onBookUpdate(msg.data as { coin: string; levels: Level[][] }));
    info.subscribe({ type: "userEvents", user: address }, (msg) => this.onUserEvents(msg.data));
  }

  async onBookUpdate(book: { coin: string; levels: Level[][] }): Promise<void> {
    if (this.stopped) return;
    if (book.coin !== COIN) return console.warn("Unexpected book message, skipping.");
    this.lastBook = book;
    for (const side of ["A", "B"] as Side[]) await this.handleOrderPlacement(side, book);
  }

  async handleOrderPlacement(side: Side, book: { levels: Level[][] }): Promise<void> {
    const best = book.levels[sideToUint(side)]?.[0];
    if (!best) return;
    const bookPrice = Number(best.px);
    const idealDistance = bookPrice * DEPTH;
    const idealPrice = bookPrice + idealDistance * sideToInt(side);
    const state = this.provideState[side];
    if (state.type === "resting") await this.maybeCancelOrder(side, state, idealPrice, idealDistance);
    else if (state.type === "in_flight_order" && Date.now() - state.time > ORDER_TIMEOUT) {
      console.log("Order is still in flight after timeout, treating as cancelled.");
      this.provideState[side] = { type: "cancelled" };
    }
    if (this.provideState[side].type === "cancelled") await this.placeNewOrder(side, idealPrice);
  }

  async maybeCancelOrder(side: Side, state: { px: number; oid: number }, idealPrice: number, idealDistance: number): Promise<void> {
    if (Math.abs(idealPrice - state.px) <= ALLOWABLE_DEVIATION * idealDistance) return;
    console.log(`Cancelling order due to deviation: oid:${state.oid}, side:${side}, ideal_price:${idealPrice}`);
    const response = await this.exchange.cancel(COIN, state.oid);
    if (response.status === "ok") {
      this.recentlyCancelledOidToTime.set(state.oid, Date.now());
      this.provideState[side] = { type: "cancelled" };
    } else console.error(`Failed to cancel order ${state.oid} for side ${side}: ${JSON.stringify(response)}`);
  }

  async placeNewOrder(side: Side, idealPrice: number): Promise<void> {
    if (this.position === null) return; // wait for the position before sizing
    const size = MAX_POSITION + this.position * sideToInt(side);
    if (size * idealPrice < 10) return; // below the $10 minimum
    const px = Number(idealPrice.toPrecision(5));
    console.log(`Placing order: size:${size}, price:${px}, side:${side}`);
    // In flight until answered: book updates that arrive meanwhile must not place a second order.
    this.provideState[side] = { type: "in_flight_order", time: Date.now() };
    const response = await this.exchange.order(COIN, side === "B", size, px, { limit: { tif: "Alo" } });
    const status = statusesOf(response)[0] as { resting?: { oid: number } } | undefined;
    if (response.status === "ok" && status?.resting) {
      this.provideState[side] = { type: "resting", px, oid: status.resting.oid };
      this.placed++;
    } else {
      console.error("order not resting:", statusError(status) ?? JSON.stringify(response));
      this.provideState[side] = { type: "cancelled" };
    }
  }

  onUserEvents(data: unknown): void {
    show("user event", data);
    // Unknown position until the next poll: do not place more orders meanwhile.
    this.position = null;
  }

  async poll(): Promise<void> {
    while (!this.stopped) {
      const openOrders = await this.info.open_orders(this.exchange.wallet.address);
      console.log("open_orders", JSON.stringify(openOrders));
      const okOids = new Set(this.recentlyCancelledOidToTime.keys());
      for (const state of Object.values(this.provideState)) if (state.type === "resting") okOids.add(state.oid);
      for (const o of openOrders) {
        if (o.coin === COIN && !okOids.has(o.oid)) {
          console.log("Cancelling unknown oid", o.oid);
          await this.exchange.cancel(o.coin, o.oid);
        }
      }
      const now = Date.now();
      for (const [oid, t] of this.recentlyCancelledOidToTime) if (now - t > CANCEL_CLEANUP_TIME) this.recentlyCancelledOidToTime.delete(oid);
      await this.refreshPosition();
      // A quiet book sends no update: act on the latest one now that the position is known.
      if (this.lastBook) await this.onBookUpdate(this.lastBook);
      for (let waited = 0; waited < POLL_INTERVAL * 1000 && !this.stopped; waited += 200) await sleep(200);
    }
  }

  async refreshPosition(): Promise<void> {
    const userState = await this.info.user_state(this.address);
    const found = userState.assetPositions.find((p) => p.position.coin === COIN);
    this.position = found ? Number(found.position.szi) : 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of Object.values(this.provideState)) if (state.type === "resting") await this.exchange.cancel(COIN, state.oid);
  }
}

run(async () => {
  const { address, info, exchange, close } = await setup();
  const adder = new BasicAdder(address, info, exchange);
  const polling = adder.poll();
  const seconds = Number(process.env.HL_EXAMPLES_SECONDS || 0);
  if (seconds <= 0) await polling;
  await sleep(seconds * 1000);
  await adder.stop();
  await polling;
  await close();
  console.log(`placed ${adder.placed} resting orders`);
  if (adder.placed === 0) throw new Error(`no order rested in ${seconds} s`);
});
