/**
 * Streaming an order book through WebSocket drops. The SubscriptionClient reconnects with
 * backoff and resubscribes by itself; `onReconnected` runs before the fresh snapshot, the place
 * to reset state built from earlier messages. On a devnet this example cuts every WebSocket
 * twice (POST /devnet/faults {"dropWebSockets": true}) and checks that the book comes back.
 */
import { SubscriptionClient, type SubscriptionMessage } from "../src/index.js";
import { NETWORK, run, sleep } from "./_config.js";

type Book = SubscriptionMessage<"l2Book">;

/** Resolves when `check` holds, polling every 50 ms; rejects after `ms`. */
async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  for (const start = Date.now(); !check(); await sleep(50)) if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
}

run(async () => {
  const subs = new SubscriptionClient({ url: NETWORK.wsUrl, reconnect: { baseMs: 200, capMs: 2000 } });
  let book: Book | undefined;
  let messages = 0;
  let snapshotsAfterReconnect = 0;
  let reconnects = 0;
  subs.manager.on("reconnecting", (e) => console.log(`connection ${e.connectionId} lost; reconnecting (attempt ${e.attempt}, in ${e.delayMs} ms)`));
  subs.manager.on("reconnected", (e) => console.log(`connection ${e.connectionId} back with ${e.subscriptions} subscriptions`));

  const handle = subs.listen(
    "l2Book",
    { coin: "ETH" },
    (next) => {
      if (book === undefined && reconnects > 0) snapshotsAfterReconnect++;
      book = next;
      messages++;
      const [bids, asks] = next.levels;
      console.log(`book #${messages}: ${bids[0]?.px ?? "-"} / ${asks[0]?.px ?? "-"} (${bids.length}×${asks.length} levels)`);
    },
    {
      onReconnected: () => {
        reconnects++;
        book = undefined; // what we had may be stale: wait for the fresh snapshot
        console.log("resubscribed: local book reset");
      },
      onError: (e) => console.error("subscription ended:", e.shortMessage),
    },
  );

  try {
    await until("the first snapshot", () => book !== undefined);
    if (NETWORK.name === "mainnet" || NETWORK.name === "testnet") {
      console.log("not a devnet: no forced drop; streaming for 5 s");
      await sleep(5000);
      return;
    }
    for (let drop = 1; drop <= 2; drop++) {
      console.log(`forcing WebSocket drop ${drop}`);
      const res = await fetch(`${NETWORK.apiUrl}/devnet/faults`, { method: "POST", body: JSON.stringify({ dropWebSockets: true }) });
      if (!res.ok) throw new Error(`POST /devnet/faults answered ${res.status}`);
      await until(`snapshot after reconnect ${drop}`, () => snapshotsAfterReconnect >= drop);
    }
    console.log(`${messages} book messages, ${reconnects} reconnects, a fresh snapshot after each`);
  } finally {
    handle.unsubscribe();
    await subs.close();
  }
});
