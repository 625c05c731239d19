/**
 * Vaults: created with createVault (or seeded, or the network's HLP preset), funded and
 * redeemed with vaultTransfer. Followers own shares; a follower's equity is its share of the
 * vault's account value, so the vault's PnL reaches them. Deposits are locked (1 day, HLP 4
 * days) as the docs describe. Not modelled: the leader's profit share on withdrawal and the
 * leader's 5% minimum.
 */
import { Decimal } from "decimal.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { Actions, Wire as T } from "../src/index.js";
import { wire, type Account } from "./accounts.js";
import { marginSummary, type MarkSource } from "./margin.js";
import { PRESETS } from "./presets.js";

/** What vaults need from the engine (declared here: the engine imports this module). */
export interface VaultHost extends MarkSource {
  readonly vaultShares: Map<string, Map<string, VaultShare>>;
  readonly now: () => number;
  account(address: string): Account;
  existing(address: string): Account | undefined;
  availableMargin(account: Account): Decimal;
  ledger(account: Account, delta: T.LedgerDelta & Record<string, unknown>): void;
}

export interface VaultShare {
  shares: Decimal;
  entryTime: number;
  lockedUntil: number;
  /** Net USDC put in (deposits − withdrawals), for the follower's PnL. */
  netDeposits: Decimal;
}

const DAY = 86_400_000;
type Result = T.DefaultResponse;
const ok = (): Result => ({ status: "ok", response: { type: "default" } });
const fail = (text: string): T.ExchangeErr => ({ status: "err", response: text });

function sharesOf(engine: VaultHost, vault: string): Map<string, VaultShare> {
  let m = engine.vaultShares.get(vault);
  if (!m) engine.vaultShares.set(vault, (m = new Map()));
  return m;
}

function vaultValue(engine: VaultHost, vault: Account): Decimal {
  return marginSummary(vault, engine).accountValue;
}

function totalShares(engine: VaultHost, vault: string): Decimal {
  let sum = new Decimal(0);
  for (const s of sharesOf(engine, vault).values()) sum = sum.plus(s.shares);
  return sum;
}

export function equityOf(engine: VaultHost, vault: Account, user: string): Decimal {
  const share = sharesOf(engine, vault.address).get(user);
  const total = totalShares(engine, vault.address);
  return share && total.gt(0) ? share.shares.times(vaultValue(engine, vault)).div(total) : new Decimal(0);
}

function isHlp(engine: VaultHost, vault: string): boolean {
  return vault === PRESETS.mainnet.hlp.address || vault === PRESETS.testnet.hlp.address;
}

/** Moves `amount` USDC from `user` into the vault and mints shares (no balance checks). */
export function depositShares(engine: VaultHost, vault: Account, user: Account, amount: Decimal): void {
  const value = vaultValue(engine, vault);
  const total = totalShares(engine, vault.address);
  const minted = total.isZero() || value.lte(0) ? amount : amount.times(total).div(value);
  user.usdc = user.usdc.minus(amount);
  vault.usdc = vault.usdc.plus(amount);
  const shares = sharesOf(engine, vault.address);
  const now = engine.now();
  const s = shares.get(user.address) ?? { shares: new Decimal(0), entryTime: now, lockedUntil: 0, netDeposits: new Decimal(0) };
  s.shares = s.shares.plus(minted);
  s.netDeposits = s.netDeposits.plus(amount);
  if (user.address !== vault.vault?.leader) s.lockedUntil = now + (isHlp(engine, vault.address) ? 4 * DAY : DAY);
  shares.set(user.address, s);
}

/** Makes `address` a vault led by `leader` (creates the account). */
export function openVault(engine: VaultHost, address: string, spec: { name: string; description?: string; leader: string }): Account {
  const vault = engine.account(address);
  vault.vault = { name: spec.name, description: spec.description ?? "", leader: spec.leader.toLowerCase() };
  sharesOf(engine, vault.address);
  return vault;
}

export function createVault(engine: VaultHost, account: Account, action: Actions["createVault"]): T.CreateVaultResponse {
  const initial = new Decimal(action.initialUsd).div(1e6);
  if (initial.lt(100)) return fail("Initial vault deposit must be at least 100 USDC.");
  if (engine.availableMargin(account).lt(initial)) return fail("Insufficient balance to create vault.");
  const address = `0x${bytesToHex(keccak_256(utf8ToBytes(`vault:${account.address}:${action.name}:${action.nonce}`))).slice(24)}`;
  const vault = openVault(engine, address, { name: action.name, description: action.description, leader: account.address });
  depositShares(engine, vault, account, initial);
  engine.ledger(account, { type: "vaultCreate", vault: address, usdc: wire(initial), fee: "0" });
  return { status: "ok", response: { type: "createVault", data: address } };
}

export function vaultTransfer(engine: VaultHost, account: Account, action: Actions["vaultTransfer"]): Result {
  const vault = engine.existing(action.vaultAddress);
  if (!vault?.vault) return fail("Vault does not exist.");
  const amount = new Decimal(action.usd).div(1e6);
  if (amount.lte(0)) return fail("Invalid vault transfer amount.");
  if (action.isDeposit) {
    if (engine.availableMargin(account).lt(amount)) return fail("Insufficient balance for vault transfer.");
    depositShares(engine, vault, account, amount);
    engine.ledger(account, { type: "vaultDeposit", vault: vault.address, usdc: wire(amount) });
    return ok();
  }
  const share = sharesOf(engine, vault.address).get(account.address);
  if (!share) return fail("User has no vault equity to withdraw.");
  if (share.lockedUntil > engine.now()) return fail(`Vault deposit is locked until ${share.lockedUntil}.`);
  const equity = equityOf(engine, vault, account.address);
  if (equity.lt(amount)) return fail("Insufficient vault equity for withdrawal.");
  if (engine.availableMargin(vault).lt(amount)) return fail("Vault has insufficient free margin for this withdrawal.");
  share.shares = share.shares.minus(share.shares.times(amount).div(equity));
  share.netDeposits = share.netDeposits.minus(amount);
  if (share.shares.lte(0)) sharesOf(engine, vault.address).delete(account.address);
  vault.usdc = vault.usdc.minus(amount);
  account.usdc = account.usdc.plus(amount);
  engine.ledger(account, { type: "vaultWithdraw", vault: vault.address, usdc: wire(amount) });
  return ok();
}

function followerView(engine: VaultHost, vault: Account, user: string, s: VaultShare): T.VaultFollower {
  const equity = equityOf(engine, vault, user);
  const pnl = wire(equity.minus(s.netDeposits), 6);
  return {
    user: user === vault.vault?.leader ? "Leader" : user,
    vaultEquity: wire(equity, 6),
    pnl,
    allTimePnl: pnl,
    daysFollowing: Math.floor((engine.now() - s.entryTime) / DAY),
    vaultEntryTime: s.entryTime,
    ...(s.lockedUntil ? { lockupUntil: s.lockedUntil } : {}),
  };
}

export function vaultDetails(engine: VaultHost, r: { vaultAddress: string; user?: string | null }): T.VaultDetails | null {
  const v = engine.existing(r.vaultAddress);
  if (!v?.vault) return null;
  const value = vaultValue(engine, v);
  const shares = sharesOf(engine, v.address);
  const leader = shares.get(v.vault.leader);
  const total = totalShares(engine, v.address);
  const me = r.user ? shares.get(r.user.toLowerCase()) : undefined;
  return {
    name: v.vault.name,
    vaultAddress: v.address,
    leader: v.vault.leader,
    description: v.vault.description,
    portfolio: [],
    apr: 0,
    followerState: me && r.user ? followerView(engine, v, r.user.toLowerCase(), me) : null,
    leaderFraction: leader && total.gt(0) ? leader.shares.div(total).toNumber() : 0,
    leaderCommission: isHlp(engine, v.address) ? 0 : 0.1,
    followers: [...shares].map(([user, s]) => followerView(engine, v, user, s)),
    maxDistributable: value.toNumber(),
    maxWithdrawable: Decimal.max(0, engine.availableMargin(v)).toNumber(),
    isClosed: false,
    relationship: isHlp(engine, v.address) ? { type: "parent", data: { childAddresses: [] } } : { type: "normal" },
    allowDeposits: true,
    alwaysCloseOnWithdraw: false,
  };
}

export function userVaultEquities(engine: VaultHost, user: string): T.UserVaultEquitiesResponse {
  const who = user.toLowerCase();
  const out: T.UserVaultEquitiesResponse = [];
  for (const [address, shares] of engine.vaultShares) {
    const s = shares.get(who);
    const vault = engine.existing(address);
    if (!s || !vault) continue;
    out.push({ vaultAddress: address, equity: wire(equityOf(engine, vault, who), 6), lockedUntilTimestamp: s.lockedUntil });
  }
  return out;
}
