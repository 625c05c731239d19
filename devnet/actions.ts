/**
 * Applies verified actions to the engine and answers with the real API's response bodies.
 * Actions the devnet does not model (deploys, staking, validator ops…) are accepted after
 * their signature check and change nothing; `modeledActions` lists the ones that do.
 */
import { Decimal } from "decimal.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { wire, type Account } from "./accounts.js";
import type { Engine } from "./engine.js";
import { placeOne, type WireOrder } from "./orders.js";
import { startTwap, cancelTwap } from "./twap.js";

type Action = Record<string, unknown> & { type: string };
export type ActionResult = { status: "ok"; response: unknown } | { status: "err"; response: string };

const ok = (response: unknown = { type: "default" }): ActionResult => ({ status: "ok", response });
const fail = (text: string): ActionResult => ({ status: "err", response: text });
const usdInt = (x: number): Decimal => new Decimal(x).div(1e6);

export const modeledActions = [
  "order", "cancel", "cancelByCloid", "modify", "batchModify", "scheduleCancel", "updateLeverage", "updateIsolatedMargin", "twapOrder", "twapCancel",
  "usdSend", "spotSend", "usdClassTransfer", "sendAsset", "withdraw3", "approveAgent", "approveBuilderFee", "createSubAccount", "subAccountTransfer",
  "subAccountSpotTransfer", "createVault", "vaultTransfer", "registerReferrer", "setReferrer", "setDisplayName", "convertToMultiSigUser", "noop",
] as const;

/** Runs `action` for `user` (already authenticated; `user` is the vault when one was given). */
export function applyAction(engine: Engine, user: string, action: Action): ActionResult {
  const account = engine.account(user);
  switch (action.type) {
    case "order": {
      const statuses = engine.placeOrders(user, action.orders as WireOrder[], action.grouping, action.builder as { b: string; f: number } | undefined);
      return ok({ type: "order", data: { statuses } });
    }
    case "cancel":
    case "cancelByCloid": {
      const statuses = (action.cancels as { a?: number; asset?: number; o?: number; cloid?: string }[]).map((c) => {
        const asset = c.a ?? c.asset!;
        const order = c.o !== undefined ? account.openOrders.get(c.o) : [...account.openOrders.values()].find((o) => o.cloid === c.cloid);
        if (!order || order.asset !== asset) return { error: `Order was never placed, already canceled, or filled. asset=${asset}` };
        engine.cancelOrder(account, order.oid);
        engine.cancelChildren(account, order.oid);
        return "success";
      });
      engine.afterAction();
      return ok({ type: "cancel", data: { statuses } });
    }
    case "modify": {
      const [status] = modify(engine, account, [{ oid: action.oid as number | string, order: action.order as WireOrder }]);
      const s = status as { error?: string };
      return s.error ? fail(s.error) : ok();
    }
    case "batchModify":
      return ok({ type: "order", data: { statuses: modify(engine, account, action.modifies as { oid: number | string; order: WireOrder }[]) } });
    case "scheduleCancel": {
      const time = action.time as number | undefined;
      if (time === undefined) delete account.scheduledCancel;
      else if (time < engine.now() + 5000) return fail("Scheduled cancel time too early, must be at least 5 seconds after current time.");
      else account.scheduledCancel = time;
      return ok();
    }
    case "updateLeverage": {
      const market = engine.byAsset.get(action.asset as number);
      if (market?.kind !== "perp") return fail(`Invalid asset ${String(action.asset)}.`);
      const value = action.leverage as number;
      if (value < 1 || value > market.maxLeverage) return fail(`Invalid leverage value. asset=${market.asset}`);
      const leverage = { type: action.isCross ? "cross" : "isolated", value } as const;
      account.leverage.set(market.coin, leverage);
      const p = account.positions.get(market.coin);
      if (p) p.leverage = leverage;
      engine.emit({ kind: "user", user: account.address });
      return ok();
    }
    case "updateIsolatedMargin": {
      const market = engine.byAsset.get(action.asset as number);
      const p = market ? account.positions.get(market.coin) : undefined;
      if (!p || p.leverage.type !== "isolated") return fail("Cannot update margin of a position that is not isolated.");
      const delta = usdInt(action.ntli as number);
      if (delta.gt(account.usdc) || p.isolatedMargin.plus(delta).lt(0)) return fail("Insufficient margin for isolated margin update.");
      p.isolatedMargin = p.isolatedMargin.plus(delta);
      account.usdc = account.usdc.minus(delta);
      engine.emit({ kind: "user", user: account.address });
      return ok();
    }
    case "twapOrder":
      return startTwap(engine, account, action.twap as { a: number; b: boolean; s: string; r: boolean; m: number; t: boolean });
    case "twapCancel":
      return cancelTwap(engine, account, action.t as number);
    case "usdSend":
    case "withdraw3": {
      const amount = new Decimal(action.amount as string);
      const fee = action.type === "withdraw3" ? new Decimal(1) : new Decimal(0);
      if (engine.availableMargin(account).lt(amount.plus(fee))) return fail("Insufficient balance for withdrawal or transfer.");
      account.usdc = account.usdc.minus(amount.plus(fee));
      if (action.type === "usdSend") {
        const dest = engine.account(action.destination as string);
        dest.usdc = dest.usdc.plus(amount);
        engine.ledger(dest, { type: "send", user: account.address, destination: dest.address, usdc: wire(amount) });
        engine.ledger(account, { type: "send", user: account.address, destination: dest.address, usdc: wire(amount) });
      } else {
        engine.ledger(account, { type: "withdraw", usdc: wire(amount), nonce: action.time, fee: "1.0" });
      }
      return ok();
    }
    case "spotSend": {
      const token = engine.spotTokenByWire(action.token as string);
      if (!token) return fail(`Unknown token ${String(action.token)}.`);
      const amount = new Decimal(action.amount as string);
      if (engine.availableSpot(account, token.index).lt(amount)) return fail("Insufficient balance for token transfer.");
      const dest = engine.account(action.destination as string);
      engine.addSpot(account, token.index, amount.neg());
      engine.addSpot(dest, token.index, amount);
      engine.ledger(account, { type: "spotTransfer", token: token.name, amount: wire(amount), usdcValue: "0", user: account.address, destination: dest.address, fee: "0" });
      engine.ledger(dest, { type: "spotTransfer", token: token.name, amount: wire(amount), usdcValue: "0", user: account.address, destination: dest.address, fee: "0" });
      return ok();
    }
    case "usdClassTransfer": {
      const amount = new Decimal((action.amount as string).split(" ")[0]!);
      const toPerp = action.toPerp as boolean;
      if (toPerp ? engine.availableSpot(account, 0).lt(amount) : engine.availableMargin(account).lt(amount)) return fail("Insufficient balance for transfer.");
      account.usdc = account.usdc.plus(toPerp ? amount : amount.neg());
      engine.addSpot(account, 0, toPerp ? amount.neg() : amount);
      engine.ledger(account, { type: "accountClassTransfer", usdc: wire(amount), toPerp });
      return ok();
    }
    case "sendAsset":
      return sendAsset(engine, account, action);
    case "approveAgent": {
      const agent = (action.agentAddress as string).toLowerCase();
      const name = (action.agentName as string | undefined) ?? "";
      if (engine.existing(agent)?.usdc.gt(0)) return fail("Agent address is already a user.");
      const owner = engine.agentOwners.get(agent);
      if (owner && owner !== account.address) return fail("Agent already used by another user.");
      for (const [addr, a] of account.agents) {
        if (a.name !== name) continue;
        account.agents.delete(addr);
        engine.agentOwners.delete(addr);
      }
      account.agents.set(agent, { name, validUntil: engine.now() + 180 * 86_400_000 });
      engine.agentOwners.set(agent, account.address);
      return ok();
    }
    case "approveBuilderFee": {
      const percent = new Decimal((action.maxFeeRate as string).replace("%", ""));
      account.builderFees.set((action.builder as string).toLowerCase(), percent.times(1000).toNumber());
      return ok();
    }
    case "createSubAccount": {
      if (account.master) return fail("Sub-accounts cannot create sub-accounts.");
      const address = `0x${bytesToHex(keccak_256(utf8ToBytes(`${account.address}:${String(action.name)}:${account.subAccounts.length}`))).slice(24)}`;
      const sub = engine.account(address);
      sub.master = account.address;
      sub.subAccountName = action.name as string;
      account.subAccounts.push(address);
      return ok({ type: "createSubAccount", data: address });
    }
    case "subAccountTransfer": {
      const sub = subOf(engine, account, action.subAccountUser as string);
      if (!sub) return fail("Invalid sub-account.");
      const amount = usdInt(action.usd as number);
      const [from, to] = action.isDeposit ? [account, sub] : [sub, account];
      if (engine.availableMargin(from).lt(amount)) return fail("Insufficient balance for transfer.");
      from.usdc = from.usdc.minus(amount);
      to.usdc = to.usdc.plus(amount);
      for (const a of [from, to]) engine.ledger(a, { type: "subAccountTransfer", usdc: wire(amount), user: from.address, destination: to.address });
      return ok();
    }
    case "subAccountSpotTransfer": {
      const sub = subOf(engine, account, action.subAccountUser as string);
      const token = engine.spotTokenByWire(action.token as string);
      if (!sub || !token) return fail("Invalid sub-account or token.");
      const amount = new Decimal(action.amount as string);
      const [from, to] = action.isDeposit ? [account, sub] : [sub, account];
      if (engine.availableSpot(from, token.index).lt(amount)) return fail("Insufficient balance for token transfer.");
      engine.addSpot(from, token.index, amount.neg());
      engine.addSpot(to, token.index, amount);
      for (const a of [from, to]) engine.ledger(a, { type: "spotTransfer", token: token.name, amount: wire(amount), usdcValue: "0", user: from.address, destination: to.address, fee: "0" });
      return ok();
    }
    case "createVault": {
      const initial = usdInt(action.initialUsd as number);
      if (initial.lt(100)) return fail("Initial vault deposit must be at least 100 USDC.");
      if (engine.availableMargin(account).lt(initial)) return fail("Insufficient balance to create vault.");
      const address = `0x${bytesToHex(keccak_256(utf8ToBytes(`vault:${account.address}:${String(action.name)}:${String(action.nonce)}`))).slice(24)}`;
      const vault = engine.account(address);
      vault.vault = { name: action.name as string, description: action.description as string, leader: account.address };
      account.usdc = account.usdc.minus(initial);
      vault.usdc = vault.usdc.plus(initial);
      engine.ledger(account, { type: "vaultCreate", vault: address, usdc: wire(initial), fee: "0" });
      return ok({ type: "createVault", data: address });
    }
    case "vaultTransfer": {
      const vault = engine.existing(action.vaultAddress as string);
      if (!vault?.vault) return fail("Vault does not exist.");
      const amount = usdInt(action.usd as number);
      const [from, to] = action.isDeposit ? [account, vault] : [vault, account];
      if (engine.availableMargin(from).lt(amount)) return fail("Insufficient balance for vault transfer.");
      from.usdc = from.usdc.minus(amount);
      to.usdc = to.usdc.plus(amount);
      engine.ledger(account, { type: action.isDeposit ? "vaultDeposit" : "vaultWithdraw", vault: vault.address, usdc: wire(amount) });
      return ok();
    }
    case "registerReferrer": {
      const code = action.code as string;
      if (engine.referralCodes.has(code)) return fail("Referral code already registered.");
      if (account.referralCode) return fail("User already has a referral code.");
      engine.referralCodes.set(code, account.address);
      account.referralCode = code;
      return ok();
    }
    case "setReferrer": {
      const code = action.code as string;
      const owner = engine.referralCodes.get(code);
      if (!owner) return fail("Referral code does not exist.");
      if (owner === account.address) return fail("Cannot refer yourself.");
      if (account.referrer) return fail("Referrer already set.");
      account.referrer = code;
      return ok();
    }
    case "setDisplayName":
      account.displayName = action.displayName as string;
      return ok();
    case "convertToMultiSigUser": {
      const signers = parseSigners(action.signers);
      if (typeof signers === "string") return fail(signers);
      if (signers === null) delete account.multiSig;
      else account.multiSig = { authorizedUsers: signers.authorizedUsers.map((a) => a.toLowerCase()), threshold: signers.threshold };
      return ok();
    }
    default:
      return ok();
  }
}

/** convertToMultiSigUser's `signers` is JSON inside a string: parsed defensively. */
function parseSigners(text: unknown): { authorizedUsers: string[]; threshold: number } | null | string {
  let v: unknown;
  try {
    v = JSON.parse(String(text));
  } catch {
    return "Invalid signers: expected JSON {authorizedUsers, threshold} or null.";
  }
  if (v === null) return null;
  const s = v as { authorizedUsers?: unknown; threshold?: unknown };
  const users = Array.isArray(s.authorizedUsers) ? s.authorizedUsers : undefined;
  if (typeof v !== "object" || !users?.every((u): u is string => typeof u === "string" && /^0x[0-9a-fA-F]{40}$/.test(u))) return "Invalid signers: authorizedUsers must be a list of addresses.";
  if (!Number.isInteger(s.threshold) || (s.threshold as number) < 1 || (s.threshold as number) > users.length) return "Invalid signers: threshold must be an integer from 1 to the number of authorized users.";
  return { authorizedUsers: users, threshold: s.threshold as number };
}

function subOf(engine: Engine, master: Account, address: string): Account | undefined {
  const sub = engine.existing(address);
  return sub?.master === master.address ? sub : undefined;
}

function modify(engine: Engine, account: Account, modifies: { oid: number | string; order: WireOrder }[]): unknown[] {
  const statuses = modifies.map(({ oid, order }) => {
    const old = typeof oid === "number" ? account.openOrders.get(oid) : [...account.openOrders.values()].find((o) => o.cloid === oid);
    if (!old) return { error: `Cannot modify canceled or filled order. asset=${order.a}` };
    engine.cancelOrder(account, old.oid);
    return placeOne(engine, account, order, {});
  });
  engine.afterAction();
  return statuses;
}

function sendAsset(engine: Engine, account: Account, action: Action): ActionResult {
  const amount = new Decimal(action.amount as string);
  const from = action.fromSubAccount ? subOf(engine, account, action.fromSubAccount as string) : account;
  if (!from) return fail("Invalid sub-account.");
  const dest = engine.account(action.destination as string);
  const src = action.sourceDex as string;
  const dst = action.destinationDex as string;
  const token = engine.spotTokenByWire(action.token as string);
  if (!token) return fail(`Unknown token ${String(action.token)}.`);
  const take = (a: Account, dex: string, d: Decimal): boolean => {
    if (dex === "spot") {
      if (d.isNeg() && engine.availableSpot(a, token.index).lt(d.neg())) return false;
      engine.addSpot(a, token.index, d);
      return true;
    }
    if (token.index !== 0) return false;
    if (d.isNeg() && engine.availableMargin(a).lt(d.neg())) return false;
    a.usdc = a.usdc.plus(d);
    return true;
  };
  if (!take(from, src, amount.neg())) return fail("Insufficient balance for asset transfer.");
  take(dest, dst, amount);
  for (const a of [from, dest]) engine.ledger(a, { type: "send", user: from.address, destination: dest.address, sourceDex: src, destinationDex: dst, token: token.name, amount: wire(amount), usdcValue: "0", fee: "0" });
  return ok();
}
