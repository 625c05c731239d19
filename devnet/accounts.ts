/**
 * Account state of the devnet: perp collateral and positions, spot balances, agents,
 * builder approvals, sub-accounts and vaults, plus the per-user history the info endpoints
 * serve. Money is decimal.js, never binary floats.
 */
import { Decimal } from "decimal.js";
import type { RestingOrder } from "./book.js";
import type { Wire as T } from "../src/index.js";

export const ZERO = new Decimal(0);

export interface Leverage {
  type: "cross" | "isolated";
  value: number;
}

export interface Position {
  coin: string;
  /** Signed size: positive long, negative short. */
  szi: Decimal;
  /** Absolute entry notional (entryPx × |szi|). */
  entryNtl: Decimal;
  leverage: Leverage;
  /** Margin set aside for an isolated position. */
  isolatedMargin: Decimal;
  cumFunding: { allTime: Decimal; sinceOpen: Decimal; sinceChange: Decimal };
}

/** A trigger (tp/sl) order waiting for the mark price. */
export interface TriggerSpec {
  triggerPx: string;
  triggerPxNum: number;
  isMarket: boolean;
  tpsl: "tp" | "sl";
  /** Set while the parent of a normalTpsl group has not filled yet. */
  parentOid?: number;
}

export interface OpenOrder extends RestingOrder {
  trigger?: TriggerSpec;
  /** What this order holds back while it rests (perp margin, or a spot token amount). */
  reserved?: { margin?: Decimal; token?: number; amount?: Decimal };
  orderType: string;
  builder?: { b: string; f: number };
}

export interface HistoricalOrder {
  order: OpenOrder;
  status: string;
  statusTimestamp: number;
}

export interface Account {
  address: string;
  /** Perp (cross) USDC collateral including realized PnL and funding. */
  usdc: Decimal;
  spot: Map<number, Decimal>;
  positions: Map<string, Position>;
  /** Leverage settings per coin (kept when no position is open). */
  leverage: Map<string, Leverage>;
  openOrders: Map<number, OpenOrder>;
  history: HistoricalOrder[];
  fills: T.WsUserFill[];
  fundings: T.UserFundingEntry[];
  ledger: T.LedgerUpdate[];
  twapSliceFills: T.WsTwapSliceFill[];
  agents: Map<string, { name: string; validUntil: number }>;
  builderFees: Map<string, number>;
  subAccounts: string[];
  master?: string;
  subAccountName?: string;
  vault?: { name: string; description: string; leader: string };
  multiSig?: { authorizedUsers: string[]; threshold: number };
  /** The referral code this user entered (setReferrer). */
  referrer?: string;
  /** The code this user registered as a referrer (registerReferrer). */
  referralCode?: string;
  displayName?: string;
  scheduledCancel?: number;
  cumVlm: Decimal;
  nRequests: number;
  /** Sums of the open orders' reservations, kept incrementally (O(1) margin checks). */
  reserved: { margin: Decimal; spot: Map<number, Decimal> };
  /** Market makers of the devnet itself: no margin checks. */
  system?: boolean;
}

export function newAccount(address: string): Account {
  return {
    address,
    usdc: ZERO,
    spot: new Map(),
    positions: new Map(),
    leverage: new Map(),
    openOrders: new Map(),
    history: [],
    fills: [],
    fundings: [],
    ledger: [],
    twapSliceFills: [],
    agents: new Map(),
    builderFees: new Map(),
    subAccounts: [],
    cumVlm: ZERO,
    nRequests: 0,
    reserved: { margin: ZERO, spot: new Map() },
  };
}

/** Keeps per-user histories bounded (the real API serves at most 2000 fills). */
export function pushBounded<T>(list: T[], item: T, max = 2000): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

export function spotBalance(account: Account, token: number): Decimal {
  return account.spot.get(token) ?? ZERO;
}

export function addSpot(account: Account, token: number, delta: Decimal): void {
  account.spot.set(token, spotBalance(account, token).plus(delta));
}

export { num, wire } from "./format.js";
