/**
 * Paper mode for the CLI's trading commands and `hl serve --guard`: a PaperExchange (the devnet's
 * matching engine, devnet/paper.ts) built from the configured network's live meta and mids and fed
 * by its live l2Book — snapshots for a one-shot command ({@link PaperSession.load}), the l2Book
 * stream for a long-lived server (`follow`). The devnet is imported lazily, here only: other modes
 * never load it (eslint.config.js lets this one module of src/ import devnet/).
 * Fills and resting orders are kept in the guard store (paper_fills, paper_orders), so positions,
 * PnL and open orders survive restarts (see docs/guard-rails.md).
 */
import type { PaperExchange } from "../../devnet/paper.js";
import type { InfoClient } from "../clients/info.js";
import type { SubscriptionClient } from "../clients/subscription.js";
import type { GuardStore } from "../guard/store.js";

export interface PaperSession {
  venue: PaperExchange;
  /** Copies the live book of each coin (one l2Book request each) into the paper engine. */
  load(coins: readonly string[]): Promise<void>;
  /** Stops following the l2Book stream. */
  close(): void;
}

export interface PaperSessionOptions {
  info: Pick<InfoClient, "meta" | "allMids" | "l2Book">;
  store: GuardStore;
  /** The paper account: the wallet's address. */
  user: string;
  /** Follow these coins' l2Book stream (a long-lived process); omitted: books are loaded on demand. */
  follow?: { subscriptions: Pick<SubscriptionClient, "listen">; coins: readonly string[] };
}

export async function openPaperSession(options: PaperSessionOptions): Promise<PaperSession> {
  const [{ PaperExchange: Paper }, meta, mids] = await Promise.all([import("../../devnet/paper.js"), options.info.meta(), options.info.allMids()]);
  const venue = new Paper({ meta, mids, store: options.store, user: options.user });
  const stop = options.follow && options.follow.coins.length > 0 ? venue.follow(options.follow.subscriptions, [...options.follow.coins]) : undefined;
  return {
    venue,
    async load(coins) {
      const books = await Promise.all(coins.map((coin) => options.info.l2Book({ coin })));
      for (const book of books) venue.applyBook(book);
    },
    close() {
      stop?.();
    },
  };
}
