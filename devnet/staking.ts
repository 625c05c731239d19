/**
 * Staking: validators (CValidatorAction register / changeProfile / unregister, or seeded),
 * the staking balance (cDeposit moves HYPE from spot, cWithdraw back) and delegations
 * (tokenDelegate; a delegation is locked for a day, as the docs say). Amounts on the wire are
 * wei (HYPE × 1e8). Not modelled: rewards, jailing, the 7-day withdrawal queue (cWithdraw
 * credits spot at once).
 */
import { Decimal } from "decimal.js";
import type { Actions, Wire as T } from "../src/index.js";
import { wire, type Account } from "./accounts.js";
import type { SpotToken } from "./markets.js";

/** What staking needs from the engine (declared here: the engine imports this module). */
export interface StakingHost {
  readonly validators: Map<string, Validator>;
  readonly stakes: Map<string, StakeState>;
  readonly tokens: SpotToken[];
  readonly now: () => number;
  hash(): string;
  addSpot(account: Account, token: number, delta: Decimal): void;
  availableSpot(account: Account, token: number): Decimal;
}

export interface Validator {
  validator: string;
  signer: string;
  name: string;
  description: string;
  nodeIp: string;
  commissionBps: number;
  delegationsDisabled: boolean;
  isJailed: boolean;
  isActive: boolean;
}

export interface StakeState {
  undelegated: Decimal;
  delegations: Map<string, { amount: Decimal; lockedUntil: number }>;
  history: T.DelegatorHistoryResponse;
}

const WEI = new Decimal(1e8);
const DELEGATION_LOCK_MS = 86_400_000;
type Result = T.DefaultResponse;
const ok = (): Result => ({ status: "ok", response: { type: "default" } });
const fail = (text: string): T.ExchangeErr => ({ status: "err", response: text });

export function stakeOf(engine: StakingHost, user: string): StakeState {
  const key = user.toLowerCase();
  let s = engine.stakes.get(key);
  if (!s) engine.stakes.set(key, (s = { undelegated: new Decimal(0), delegations: new Map(), history: [] }));
  return s;
}

function hype(engine: StakingHost): number | undefined {
  return engine.tokens.find((t) => t.name === "HYPE")?.index;
}

export function delegate(engine: StakingHost, user: string, validator: string, amount: Decimal, isUndelegate: boolean): string | undefined {
  const v = engine.validators.get(validator.toLowerCase());
  if (!v) return `Unknown validator ${validator}.`;
  const stake = stakeOf(engine, user);
  const current = stake.delegations.get(v.validator) ?? { amount: new Decimal(0), lockedUntil: 0 };
  if (isUndelegate) {
    if (current.amount.lt(amount)) return "Insufficient delegated balance to undelegate.";
    if (current.lockedUntil > engine.now()) return "Delegation is locked until one day after the last delegation.";
    current.amount = current.amount.minus(amount);
    stake.undelegated = stake.undelegated.plus(amount);
  } else {
    if (v.delegationsDisabled && user.toLowerCase() !== v.validator) return "Validator has disabled delegations.";
    if (stake.undelegated.lt(amount)) return "Insufficient staking balance to delegate.";
    stake.undelegated = stake.undelegated.minus(amount);
    current.amount = current.amount.plus(amount);
    current.lockedUntil = engine.now() + DELEGATION_LOCK_MS;
  }
  if (current.amount.isZero()) stake.delegations.delete(v.validator);
  else stake.delegations.set(v.validator, current);
  stake.history.push({ time: engine.now(), hash: engine.hash(), delta: { delegate: { validator: v.validator, amount: wire(amount), isUndelegate } } });
  return undefined;
}

export function tokenDelegate(engine: StakingHost, account: Account, action: Actions["tokenDelegate"]): Result {
  const problem = delegate(engine, account.address, action.validator, new Decimal(action.wei).div(WEI), action.isUndelegate);
  return problem ? fail(problem) : ok();
}

export function cTransfer(engine: StakingHost, account: Account, wei: number, toStaking: boolean): Result {
  const token = hype(engine);
  if (token === undefined) return fail("HYPE is not listed on this devnet.");
  const amount = new Decimal(wei).div(WEI);
  const stake = stakeOf(engine, account.address);
  if (toStaking) {
    if (engine.availableSpot(account, token).lt(amount)) return fail("Insufficient balance for staking deposit.");
    engine.addSpot(account, token, amount.neg());
    stake.undelegated = stake.undelegated.plus(amount);
  } else {
    if (stake.undelegated.lt(amount)) return fail("Insufficient staking balance to withdraw.");
    stake.undelegated = stake.undelegated.minus(amount);
    engine.addSpot(account, token, amount);
  }
  const delta: T.DelegatorDelta = toStaking ? { cDeposit: { amount: wire(amount) } } : { withdrawal: { amount: wire(amount), phase: "finalized" } };
  stake.history.push({ time: engine.now(), hash: engine.hash(), delta });
  return ok();
}

export function addValidator(engine: StakingHost, v: Partial<Validator> & { validator: string }): Validator {
  const validator: Validator = {
    validator: v.validator.toLowerCase(),
    signer: (v.signer ?? v.validator).toLowerCase(),
    name: v.name ?? v.validator.slice(0, 10),
    description: v.description ?? "",
    nodeIp: v.nodeIp ?? "127.0.0.1",
    commissionBps: v.commissionBps ?? 500,
    delegationsDisabled: v.delegationsDisabled ?? false,
    isJailed: v.isJailed ?? false,
    isActive: v.isActive ?? true,
  };
  engine.validators.set(validator.validator, validator);
  return validator;
}

export function cValidator(engine: StakingHost, account: Account, action: Actions["CValidatorAction"]): Result {
  const existing = engine.validators.get(account.address);
  if (action.register) {
    if (existing) return fail("Validator already registered.");
    const p = action.register.profile;
    const initial = new Decimal(action.register.initial_wei).div(WEI);
    const stake = stakeOf(engine, account.address);
    if (stake.undelegated.lt(initial)) return fail("Insufficient staking balance for the initial self-delegation.");
    addValidator(engine, {
      validator: account.address,
      signer: p.signer,
      name: p.name,
      description: p.description,
      nodeIp: p.node_ip.Ip,
      commissionBps: p.commission_bps,
      delegationsDisabled: p.delegations_disabled,
      isJailed: !action.register.unjailed,
    });
    if (initial.gt(0)) delegate(engine, account.address, account.address, initial, false);
    return ok();
  }
  if (!existing) return fail("Validator is not registered.");
  if (action.changeProfile) {
    const c = action.changeProfile;
    if (c.node_ip) existing.nodeIp = c.node_ip.Ip;
    if (c.name !== null) existing.name = c.name;
    if (c.description !== null) existing.description = c.description;
    if (c.disable_delegations !== null) existing.delegationsDisabled = c.disable_delegations;
    if (c.commission_bps !== null) existing.commissionBps = c.commission_bps;
    if (c.signer !== null) existing.signer = c.signer.toLowerCase();
    if (c.unjailed) existing.isJailed = false;
    return ok();
  }
  engine.validators.delete(account.address);
  return ok();
}

function totalStake(engine: StakingHost, validator: string): Decimal {
  let sum = new Decimal(0);
  for (const s of engine.stakes.values()) sum = sum.plus(s.delegations.get(validator)?.amount ?? 0);
  return sum;
}

const STATS: T.ValidatorStats = { uptimeFraction: "1.0", predictedApr: "0.0", nSamples: 0 };

export const stakingInfoHandlers = {
  validatorSummaries: (e: StakingHost): T.ValidatorSummariesResponse =>
    [...e.validators.values()].map((v) => ({
      validator: v.validator,
      signer: v.signer,
      name: v.name,
      description: v.description,
      nRecentBlocks: 0,
      stake: totalStake(e, v.validator).times(WEI).toNumber(),
      isJailed: v.isJailed,
      unjailableAfter: null,
      isActive: v.isActive,
      commission: new Decimal(v.commissionBps).div(10_000).toFixed(),
      stats: (["day", "week", "month"] as const).map((p): T.ValidatorStatsEntry => [p, STATS]),
    })),
  delegations: (e: StakingHost, r: { user: string }): T.DelegationsResponse =>
    [...(e.stakes.get(r.user.toLowerCase())?.delegations ?? new Map<string, { amount: Decimal; lockedUntil: number }>())].map(([validator, d]) => ({
      validator,
      amount: wire(d.amount),
      lockedUntilTimestamp: d.lockedUntil,
    })),
  delegatorSummary: (e: StakingHost, r: { user: string }): T.DelegatorSummaryResponse => {
    const s = e.stakes.get(r.user.toLowerCase());
    let delegated = new Decimal(0);
    for (const d of s?.delegations.values() ?? []) delegated = delegated.plus(d.amount);
    return { delegated: wire(delegated), undelegated: wire(s?.undelegated ?? new Decimal(0)), totalPendingWithdrawal: "0.0", nPendingWithdrawals: 0 };
  },
  delegatorHistory: (e: StakingHost, r: { user: string }): T.DelegatorHistoryResponse => [...(e.stakes.get(r.user.toLowerCase())?.history ?? [])].reverse(),
};
