/**
 * Applies verified actions to the engine and answers with the real API's response bodies.
 * The handler table is a mapped type over the schema's actions (connect-es ServiceImpl
 * style): each handler gets that action's generated type and returns its generated response,
 * so an action added to the schema fails to compile here until it has a handler or is listed
 * in `acceptedNotModelled` (deploys, staking, validator ops…: accepted after their signature
 * check, changing nothing).
 */
import { Decimal } from "decimal.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { ActionResponses, ActionType, Actions, Wire } from "../src/index.js";
import { wire, type Account } from "./accounts.js";
import { isActive } from "./auth.js";
import type { Engine } from "./engine.js";
import { placeOne } from "./orders.js";
import { startTwap, cancelTwap } from "./twap.js";
import { perpDeploy } from "./dexes.js";
import { spotDeploy } from "./spot-deploy.js";
import { cTransfer, cValidator, tokenDelegate } from "./staking.js";
import { createVault, vaultTransfer } from "./vaults.js";

/** Actions the devnet accepts (signature, nonce) without modelling their effect. */
export const acceptedNotModelled = [
  "activateOutcomeDeployer",
  "agentEnableDexAbstraction",
  "agentSendAsset",
  "agentSetAbstraction",
  "authorizeAqav2Role",
  "borrowLend",
  "claimRewards",
  "CSignerAction",
  "evmUserModify",
  "finalizeEvmContract",
  "gossipPriorityBid",
  "hip3LiquidatorTransfer",
  "linkStakingUser",
  "multiSig",
  "reserveRequestWeight",
  "sendToEvmWithData",
  "spotUser",
  "stakingLinkDisableTradingUser",
  "subAccountModify",
  "topUpIsolatedOnlyMargin",
  "userDexAbstraction",
  "userOutcome",
  "userPortfolioMargin",
  "userSetAbstraction",
  "validatorL1Stream",
  "vaultDistribute",
  "vaultModify",
] as const satisfies readonly ActionType[];

export type NotModelledAction = (typeof acceptedNotModelled)[number];
export type ModelledAction = Exclude<ActionType, NotModelledAction>;

/** One action's handler: its generated input type in, its generated response (or the `err` rejection) out. */
export type ActionHandler<K extends ActionType> = (engine: Engine, account: Account, action: Actions[K]) => ActionResponses[K];
/** Every modelled action has a handler; a schema action in neither list is a compile error. */
export type ActionHandlers = { [K in ModelledAction]: ActionHandler<K> };

export type ActionResult = ActionResponses[ActionType];

type Ok = { status: "ok"; response: { type: "default" } };
const ok = (): Ok => ({ status: "ok", response: { type: "default" } });
const fail = (text: string): Wire.ExchangeErr => ({ status: "err", response: text });
const usdInt = (x: number): Decimal => new Decimal(x).div(1e6);
/** Traded volume a user needs before creating sub-accounts (the exchange's rule, testnet included). */
export const SUB_ACCOUNT_VOLUME = new Decimal(100_000);
/** The most authorized users a multi-sig user may have. */
const MAX_MULTI_SIG_SIGNERS = 10;

function cancelOne(engine: Engine, account: Account, asset: number, find: (o: { oid: number; cloid?: string }) => boolean): Wire.CancelStatus {
  const order = [...account.openOrders.values()].find(find);
  if (!order || order.asset !== asset) return { error: `Order was never placed, already canceled, or filled. asset=${asset}` };
  engine.cancelOrder(account, order.oid);
  engine.cancelChildren(account, order.oid);
  return "success";
}

function cancelled(engine: Engine, statuses: Wire.CancelStatus[]): Wire.CancelResponse {
  engine.afterAction();
  return { status: "ok", response: { type: "cancel", data: { statuses } } };
}

function send(engine: Engine, account: Account, amount: Decimal, fee: Decimal): boolean {
  if (engine.availableMargin(account).lt(amount.plus(fee))) return false;
  account.usdc = account.usdc.minus(amount.plus(fee));
  return true;
}

export const actionHandlers: ActionHandlers = {
  order: (engine, account, action) => ({
    status: "ok",
    response: { type: "order", data: { statuses: engine.placeOrders(account.address, action.orders, action.grouping, action.builder) } },
  }),
  cancel: (engine, account, action) =>
    cancelled(
      engine,
      action.cancels.map((c) => cancelOne(engine, account, c.a, (o) => o.oid === c.o)),
    ),
  cancelByCloid: (engine, account, action) =>
    cancelled(
      engine,
      action.cancels.map((c) => cancelOne(engine, account, c.asset, (o) => o.cloid === c.cloid)),
    ),
  modify: (engine, account, action) => {
    const [status] = modify(engine, account, [{ oid: action.oid, order: action.order }]);
    return typeof status === "object" && status.error !== undefined ? fail(status.error) : ok();
  },
  batchModify: (engine, account, action) => ({ status: "ok", response: { type: "order", data: { statuses: modify(engine, account, action.modifies) } } }),
  scheduleCancel: (engine, account, { time }) => {
    if (time === undefined) delete account.scheduledCancel;
    else if (time < engine.now() + 5000) return fail("Scheduled cancel time too early, must be at least 5 seconds after current time.");
    else account.scheduledCancel = time;
    return ok();
  },
  updateLeverage: (engine, account, action) => {
    const market = engine.byAsset.get(action.asset);
    if (market?.kind !== "perp") return fail(`Invalid asset ${String(action.asset)}.`);
    const value = action.leverage;
    if (value < 1 || value > market.maxLeverage) return fail(`Invalid leverage value. asset=${market.asset}`);
    const leverage = { type: action.isCross ? "cross" : "isolated", value } as const;
    if (action.isCross && market.onlyIsolated) return fail("Cross margin is not allowed for this asset.");
    const p = account.positions.get(market.coin);
    if (p && !p.szi.isZero() && p.leverage.type !== leverage.type) return fail("Cannot switch leverage type with open position.");
    account.leverage.set(market.coin, leverage);
    if (p) p.leverage = leverage;
    engine.emit({ kind: "user", user: account.address });
    return ok();
  },
  updateIsolatedMargin: (engine, account, action) => {
    const market = engine.byAsset.get(action.asset);
    const p = market ? account.positions.get(market.coin) : undefined;
    if (!p || p.leverage.type !== "isolated") return fail("Cannot update margin of a position that is not isolated.");
    const delta = usdInt(action.ntli);
    if (delta.gt(account.usdc) || p.isolatedMargin.plus(delta).lt(0)) return fail("Insufficient margin for isolated margin update.");
    p.isolatedMargin = p.isolatedMargin.plus(delta);
    account.usdc = account.usdc.minus(delta);
    engine.emit({ kind: "user", user: account.address });
    return ok();
  },
  twapOrder: (engine, account, action) => startTwap(engine, account, action.twap),
  twapCancel: (engine, account, action) => cancelTwap(engine, account, action.t),
  usdSend: (engine, account, action) => {
    const amount = new Decimal(action.amount);
    if (!send(engine, account, amount, new Decimal(0))) return fail("Insufficient balance for withdrawal or transfer.");
    const dest = engine.account(action.destination);
    dest.usdc = dest.usdc.plus(amount);
    engine.ledger(dest, { type: "send", user: account.address, destination: dest.address, usdc: wire(amount) });
    engine.ledger(account, { type: "send", user: account.address, destination: dest.address, usdc: wire(amount) });
    return ok();
  },
  withdraw3: (engine, account, action) => {
    const amount = new Decimal(action.amount);
    if (!send(engine, account, amount, new Decimal(1))) return fail("Insufficient balance for withdrawal or transfer.");
    engine.ledger(account, { type: "withdraw", usdc: wire(amount), nonce: action.time, fee: "1.0" });
    return ok();
  },
  spotSend: (engine, account, action) => {
    const token = engine.spotTokenByWire(action.token);
    if (!token) return fail(`Unknown token ${String(action.token)}.`);
    const amount = new Decimal(action.amount);
    if (engine.availableSpot(account, token.index).lt(amount)) return fail("Insufficient balance for token transfer.");
    const dest = engine.account(action.destination);
    engine.addSpot(account, token.index, amount.neg());
    engine.addSpot(dest, token.index, amount);
    engine.ledger(account, {
      type: "spotTransfer",
      token: token.name,
      amount: wire(amount),
      usdcValue: "0",
      user: account.address,
      destination: dest.address,
      fee: "0",
    });
    engine.ledger(dest, {
      type: "spotTransfer",
      token: token.name,
      amount: wire(amount),
      usdcValue: "0",
      user: account.address,
      destination: dest.address,
      fee: "0",
    });
    return ok();
  },
  usdClassTransfer: (engine, account, action) => {
    const amount = new Decimal(action.amount.split(" ")[0]!);
    const toPerp = action.toPerp;
    if (toPerp ? engine.availableSpot(account, 0).lt(amount) : engine.availableMargin(account).lt(amount)) return fail("Insufficient balance for transfer.");
    account.usdc = account.usdc.plus(toPerp ? amount : amount.neg());
    engine.addSpot(account, 0, toPerp ? amount.neg() : amount);
    engine.ledger(account, { type: "accountClassTransfer", usdc: wire(amount), toPerp });
    return ok();
  },
  sendAsset: (engine, account, action) => sendAsset(engine, account, action),
  approveAgent: (engine, account, action) => {
    const agent = action.agentAddress.toLowerCase();
    const name = action.agentName ?? "";
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
  },
  approveBuilderFee: (_engine, account, action) => {
    const percent = new Decimal(action.maxFeeRate.replace("%", ""));
    account.builderFees.set(action.builder.toLowerCase(), percent.times(1000).toNumber());
    return ok();
  },
  createSubAccount: (engine, account, action) => {
    if (account.master) return fail("Sub-accounts cannot create sub-accounts.");
    if (account.cumVlm.lt(SUB_ACCOUNT_VOLUME))
      return fail(`Cannot create sub-accounts until enough volume traded. Required: $${SUB_ACCOUNT_VOLUME.toFixed()}. Traded: $${account.cumVlm.toFixed(0)}.`);
    const address = `0x${bytesToHex(keccak_256(utf8ToBytes(`${account.address}:${action.name}:${account.subAccounts.length}`))).slice(24)}`;
    const sub = engine.account(address);
    sub.master = account.address;
    sub.subAccountName = action.name;
    account.subAccounts.push(address);
    return { status: "ok", response: { type: "createSubAccount", data: address } };
  },
  subAccountTransfer: (engine, account, action) => {
    const sub = subOf(engine, account, action.subAccountUser);
    if (!sub) return fail("Invalid sub-account.");
    const amount = usdInt(action.usd);
    const [from, to] = action.isDeposit ? [account, sub] : [sub, account];
    if (engine.availableMargin(from).lt(amount)) return fail("Insufficient balance for transfer.");
    from.usdc = from.usdc.minus(amount);
    to.usdc = to.usdc.plus(amount);
    for (const a of [from, to]) engine.ledger(a, { type: "subAccountTransfer", usdc: wire(amount), user: from.address, destination: to.address });
    return ok();
  },
  subAccountSpotTransfer: (engine, account, action) => {
    const sub = subOf(engine, account, action.subAccountUser);
    const token = engine.spotTokenByWire(action.token);
    if (!sub || !token) return fail("Invalid sub-account or token.");
    const amount = new Decimal(action.amount);
    const [from, to] = action.isDeposit ? [account, sub] : [sub, account];
    if (engine.availableSpot(from, token.index).lt(amount)) return fail("Insufficient balance for token transfer.");
    engine.addSpot(from, token.index, amount.neg());
    engine.addSpot(to, token.index, amount);
    for (const a of [from, to])
      engine.ledger(a, {
        type: "spotTransfer",
        token: token.name,
        amount: wire(amount),
        usdcValue: "0",
        user: from.address,
        destination: to.address,
        fee: "0",
      });
    return ok();
  },
  createVault: (engine, account, action) => createVault(engine, account, action),
  vaultTransfer: (engine, account, action) => vaultTransfer(engine, account, action),
  perpDeploy: (engine, account, action) => perpDeploy(engine, account, action),
  spotDeploy: (engine, account, action) => spotDeploy(engine, account, action),
  tokenDelegate: (engine, account, action) => tokenDelegate(engine, account, action),
  cDeposit: (engine, account, action) => cTransfer(engine, account, action.wei, true),
  cWithdraw: (engine, account, action) => cTransfer(engine, account, action.wei, false),
  CValidatorAction: (engine, account, action) => cValidator(engine, account, action),
  registerReferrer: (engine, account, { code }) => {
    if (engine.referralCodes.has(code)) return fail("Referral code already registered.");
    if (account.referralCode) return fail("User already has a referral code.");
    engine.referralCodes.set(code, account.address);
    account.referralCode = code;
    return ok();
  },
  setReferrer: (engine, account, { code }) => {
    const owner = engine.referralCodes.get(code);
    if (!owner) return fail("Referral code does not exist.");
    if (owner === account.address) return fail("Cannot refer yourself.");
    if (account.referrer) return fail("Referrer already set.");
    account.referrer = code;
    return ok();
  },
  setDisplayName: (_engine, account, action) => {
    account.displayName = action.displayName;
    return ok();
  },
  convertToMultiSigUser: (engine, account, action) => {
    const signers = parseSigners(action.signers);
    if (typeof signers === "string") return fail(signers);
    if (signers === null) {
      delete account.multiSig;
      return ok();
    }
    // The chain deduplicates the list; every authorized user must already be a user.
    const users = [...new Set(signers.authorizedUsers.map((a) => a.toLowerCase()))];
    if (users.length > MAX_MULTI_SIG_SIGNERS) return fail("Too many multi-sig signers");
    if (users.includes(account.address)) return fail("Cannot register self as multi-sig authorized user");
    if (!users.every((u) => isActive(engine, u))) return fail("Multi-sig authorized user must exist on L1");
    if (signers.threshold > users.length) return fail("Invalid multi-sig threshold");
    account.multiSig = { authorizedUsers: users, threshold: signers.threshold };
    return ok();
  },
  noop: () => ok(),
};

/** The actions whose effect the devnet models (the keys of {@link actionHandlers}). */
export const modeledActions: readonly ModelledAction[] = Object.keys(actionHandlers).filter((k): k is ModelledAction => Object.hasOwn(actionHandlers, k));

function isModelled(action: Actions[ActionType]): action is Actions[ModelledAction] {
  return !acceptedNotModelled.some((t) => t === action.type);
}

function run<K extends ModelledAction>(engine: Engine, account: Account, type: K, action: Actions[K]): ActionResponses[K] {
  const handler: ActionHandler<K> = actionHandlers[type];
  return handler(engine, account, action);
}

/** Runs `action` for `user` (already authenticated; `user` is the vault when one was given). */
export function applyAction(engine: Engine, user: string, action: Actions[ActionType]): ActionResult {
  const account = engine.account(user);
  return isModelled(action) ? run(engine, account, action.type, action) : ok();
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
  if (typeof v !== "object" || !users?.every((u): u is string => typeof u === "string" && /^0x[0-9a-fA-F]{40}$/.test(u)))
    return "Invalid signers: authorizedUsers must be a list of addresses.";
  if (!Number.isInteger(s.threshold) || (s.threshold as number) < 1 || (s.threshold as number) > users.length) return "Invalid multi-sig threshold";
  return { authorizedUsers: users, threshold: s.threshold as number };
}

function subOf(engine: Engine, master: Account, address: string): Account | undefined {
  const sub = engine.existing(address);
  return sub?.master === master.address ? sub : undefined;
}

function modify(engine: Engine, account: Account, modifies: Wire.ModifyWire[]): Wire.OrderStatus[] {
  const statuses = modifies.map(({ oid, order }) => {
    const old = typeof oid === "number" ? account.openOrders.get(oid) : [...account.openOrders.values()].find((o) => o.cloid === oid);
    if (!old) return { error: `Cannot modify canceled or filled order. asset=${order.a}` };
    engine.cancelOrder(account, old.oid);
    return placeOne(engine, account, order, {});
  });
  engine.afterAction();
  return statuses;
}

function sendAsset(engine: Engine, account: Account, action: Actions["sendAsset"]): Wire.DefaultResponse {
  const amount = new Decimal(action.amount);
  const from = action.fromSubAccount ? subOf(engine, account, action.fromSubAccount) : account;
  if (!from) return fail("Invalid sub-account.");
  const dest = engine.account(action.destination);
  const src = action.sourceDex;
  const dst = action.destinationDex;
  // "spot", "" (the first perp dex) or a builder-deployed dex's name.
  for (const dex of [src, dst]) if (dex !== "spot" && !engine.dex(dex)) return fail(`Perp dex ${JSON.stringify(dex)} does not exist.`);
  const token = engine.spotTokenByWire(action.token);
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
  for (const a of [from, dest])
    engine.ledger(a, {
      type: "send",
      user: from.address,
      destination: dest.address,
      sourceDex: src,
      destinationDex: dst,
      token: token.name,
      amount: wire(amount),
      usdcValue: "0",
      fee: "0",
    });
  return ok();
}
