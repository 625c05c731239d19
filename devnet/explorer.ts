/**
 * The devnet's block explorer feed: every authenticated action becomes a transaction in a block
 * of its own (height counting up from 1), pushed to `explorerBlock` and `explorerTxs`
 * subscribers as bare arrays, as the RPC host's WebSocket does (no {"channel","data"}
 * envelope). A rejected action is still a transaction, with the rejection as its `error`.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { Wire as T } from "../src/index.js";
import type { Engine } from "./engine.js";

/** The devnet's single block proposer (a validator address of its own). */
export const DEVNET_PROPOSER = "0x000000000000000000000000000000000000b10c";

export class ExplorerFeed {
  private height = 0;

  constructor(private readonly engine: Engine) {}

  /** Records one action; `result` is the exchange's answer to it. */
  record(user: string, action: { type: string }, result: unknown): void {
    const time = this.engine.now();
    const height = ++this.height;
    const error = isErr(result) ? result.response : null;
    // Own hashes, not engine.hash(): the feed is not replayed from the write-ahead log, so it must
    // not move the engine's counter (ledger hashes stay the same after a restart).
    const tx: T.ExplorerTx = { action: { ...action }, block: height, error, hash: digest(`tx:${height}:${user}:${time}`), time, user };
    const block: T.ExplorerBlockSummary = { blockTime: time, hash: digest(`block:${height}`), height, numTxs: 1, proposer: DEVNET_PROPOSER };
    this.engine.emit({ kind: "explorer", block, txs: [tx] });
  }
}

function digest(text: string): string {
  return `0x${bytesToHex(keccak_256(utf8ToBytes(text)))}`;
}

function isErr(result: unknown): result is { status: "err"; response: string } {
  const r = result as { status?: unknown; response?: unknown } | null;
  return r?.status === "err" && typeof r.response === "string";
}
