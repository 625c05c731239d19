/**
 * State seeding: the devnet config (TOML) and `POST /devnet/seed` (JSON) take the same
 * sections and create the state every testnet user has: accounts with balances, positions
 * and traded volume, sub-accounts, multi-sig users, vaults, referral codes, validators and
 * delegations, HIP-3 dexes and their assets. Checked with valibot (unknown keys are refused,
 * so a typo is an error naming it), then against the devnet's markets, before anything
 * changes: a seed is applied whole or not at all.
 */
import { Decimal } from "decimal.js";
import * as v from "valibot";
import { ValidationError, type ValidationIssue } from "../src/index.js";
import type { Engine } from "./engine.js";
import { addDexAsset, createDex, DEX_NAME } from "./dexes.js";
import { addValidator, delegate, stakeOf } from "./staking.js";
import { depositShares, openVault } from "./vaults.js";

const Address = v.pipe(v.string(), v.regex(/^0x[0-9a-fA-F]{40}$/, "a 20-byte hex address (0x + 40 hex digits)"));
const Amount = v.pipe(v.union([v.string(), v.number()]), v.transform(String), v.regex(/^\d+(\.\d+)?$/, "a non-negative decimal amount"));
const Signed = v.pipe(v.union([v.string(), v.number()]), v.transform(String), v.regex(/^-?\d+(\.\d+)?$/, "a decimal"));
const Int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

const PositionSeed = v.strictObject({
  coin: v.string(),
  /** Signed size: positive long, negative short. */
  szi: Signed,
  entryPx: Amount,
  leverage: v.optional(Int(1, 100)),
  isolated: v.optional(v.boolean()),
});
const AccountSeed = v.strictObject({
  address: Address,
  /** Perp USDC collateral. */
  usdc: v.optional(Amount),
  /** Spot balances by token name. */
  spot: v.optional(v.record(v.string(), Amount)),
  positions: v.optional(v.array(PositionSeed)),
  /** Traded volume in USD (unlocks sub-accounts at $100,000). */
  volume: v.optional(Amount),
  /** A referral code this user owns (registerReferrer). */
  referralCode: v.optional(v.pipe(v.string(), v.regex(/^[A-Z0-9]{1,20}$/, "1 to 20 upper-case letters or digits"))),
  /** A code this user was referred with (setReferrer). */
  referredBy: v.optional(v.string()),
  displayName: v.optional(v.string()),
  /** HYPE in the staking balance (not delegated). */
  staked: v.optional(Amount),
});
const SubAccountSeed = v.strictObject({
  master: Address,
  address: Address,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(16)),
  usdc: v.optional(Amount),
});
const MultiSigSeed = v.strictObject({ user: Address, authorizedUsers: v.pipe(v.array(Address), v.minLength(1), v.maxLength(10)), threshold: Int(1, 10) });
const VaultSeed = v.strictObject({ address: Address, name: v.string(), leader: Address, description: v.optional(v.string()), equity: Amount });
const ValidatorSeed = v.strictObject({
  address: Address,
  signer: v.optional(Address),
  name: v.optional(v.string()),
  description: v.optional(v.string()),
  commissionBps: v.optional(Int(0, 10_000)),
  delegationsDisabled: v.optional(v.boolean()),
  jailed: v.optional(v.boolean()),
  /** The validator's self-delegation in HYPE. */
  selfStake: v.optional(Amount),
});
const DelegationSeed = v.strictObject({ user: Address, validator: Address, amount: Amount });
const DexAssetSeed = v.strictObject({ coin: v.string(), szDecimals: Int(0, 10), maxLeverage: Int(1, 50), px: Amount, onlyIsolated: v.optional(v.boolean()) });
const DexSeed = v.strictObject({
  name: v.pipe(v.string(), v.regex(DEX_NAME, "lowercase letters and digits, starting with a letter, at most 8")),
  fullName: v.optional(v.string()),
  deployer: Address,
  oracleUpdater: v.optional(Address),
  feeRecipient: v.optional(Address),
  assets: v.optional(v.array(DexAssetSeed)),
});

export const SEED_KEYS = ["dexes", "accounts", "subAccounts", "multiSig", "vaults", "validators", "delegations"] as const;
export const SeedSchema = v.strictObject({
  dexes: v.optional(v.array(DexSeed)),
  accounts: v.optional(v.array(AccountSeed)),
  subAccounts: v.optional(v.array(SubAccountSeed)),
  multiSig: v.optional(v.array(MultiSigSeed)),
  vaults: v.optional(v.array(VaultSeed)),
  validators: v.optional(v.array(ValidatorSeed)),
  delegations: v.optional(v.array(DelegationSeed)),
});
export type Seed = v.InferOutput<typeof SeedSchema>;

/** Checks the shape; issues name the key (`accounts.0.usdc`). */
export function parseSeed(raw: unknown): { seed: Seed; issues: [] } | { seed?: undefined; issues: ValidationIssue[] } {
  const result = v.safeParse(SeedSchema, raw);
  if (result.success) return { seed: result.output, issues: [] };
  return { issues: result.issues.map((i) => ({ path: v.getDotPath(i) ?? unknownKeyPath(i) ?? "seed", value: i.input, expected: i.expected ?? i.message })) };
}

function unknownKeyPath(issue: v.BaseIssue<unknown>): string | undefined {
  return issue.path?.map((p) => String(p.key)).join(".");
}

/** What the seed names that the devnet does not have (unknown coins, tokens, codes, validators). */
export function seedIssues(engine: Engine, seed: Seed): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seededCoins = new Set<string>();
  (seed.dexes ?? []).forEach((d, i) => {
    if (engine.dex(d.name) || seed.dexes?.findIndex((x) => x.name === d.name) !== i)
      issues.push({ path: `dexes.${i}.name`, value: d.name, expected: "a perp dex that does not exist yet" });
    (d.assets ?? []).forEach((a, j) => {
      const coin = a.coin.includes(":") ? a.coin : `${d.name}:${a.coin}`;
      if (!coin.startsWith(`${d.name}:`) || seededCoins.has(coin) || coin.length === d.name.length + 1)
        issues.push({ path: `dexes.${i}.assets.${j}.coin`, value: a.coin, expected: `a new coin named ${d.name}:<COIN> or <COIN>` });
      seededCoins.add(coin);
    });
  });
  const codes = new Set([...engine.referralCodes.keys(), ...(seed.accounts ?? []).flatMap((a) => (a.referralCode ? [a.referralCode] : []))]);
  (seed.accounts ?? []).forEach((a, i) => {
    for (const name of Object.keys(a.spot ?? {}))
      if (!engine.tokens.some((t) => t.name === name))
        issues.push({ path: `accounts.${i}.spot.${name}`, value: name, expected: `a listed token (${engine.tokens.map((t) => t.name).join(", ")})` });
    (a.positions ?? []).forEach((p, j) => {
      if (engine.market(p.coin)?.kind !== "perp" && !seededCoins.has(p.coin))
        issues.push({ path: `accounts.${i}.positions.${j}.coin`, value: p.coin, expected: "a perp coin of the devnet or of a seeded dex" });
    });
    if (a.referredBy !== undefined && !codes.has(a.referredBy))
      issues.push({ path: `accounts.${i}.referredBy`, value: a.referredBy, expected: "a referral code that exists" });
    if (a.staked !== undefined && !engine.tokens.some((t) => t.name === "HYPE"))
      issues.push({ path: `accounts.${i}.staked`, value: a.staked, expected: "HYPE listed on the devnet" });
  });
  (seed.multiSig ?? []).forEach((m, i) => {
    if (m.threshold > m.authorizedUsers.length)
      issues.push({ path: `multiSig.${i}.threshold`, value: m.threshold, expected: `at most the number of authorized users (${m.authorizedUsers.length})` });
  });
  const validators = new Set([...engine.validators.keys(), ...(seed.validators ?? []).map((x) => x.address.toLowerCase())]);
  (seed.delegations ?? []).forEach((d, i) => {
    if (!validators.has(d.validator.toLowerCase()))
      issues.push({ path: `delegations.${i}.validator`, value: d.validator, expected: "a validator of the devnet or of this seed" });
  });
  return issues;
}

/** Validates and applies a seed; throws a ValidationError naming every bad key, changing nothing. */
export function applySeed(engine: Engine, raw: unknown, source = "seed"): Seed {
  const parsed = parseSeed(raw);
  const issues = parsed.seed ? seedIssues(engine, parsed.seed) : parsed.issues;
  if (!parsed.seed || issues.length)
    throw new ValidationError(`devnet ${source}`, issues, { hint: "See docs/devnet.md (State seeding) for the sections and their keys." });
  const seed = parsed.seed;
  for (const d of seed.dexes ?? []) {
    const dex = createDex(engine, {
      name: d.name,
      fullName: d.fullName ?? d.name,
      deployer: d.deployer,
      oracleUpdater: d.oracleUpdater ?? null,
      feeRecipient: d.feeRecipient ?? null,
    });
    if (typeof dex === "string") throw new Error(dex);
    for (const a of d.assets ?? []) {
      const market = addDexAsset(engine, dex, { coin: a.coin, szDecimals: a.szDecimals, px: a.px, maxLeverage: a.maxLeverage, onlyIsolated: a.onlyIsolated });
      if (typeof market === "string")
        throw new ValidationError(`devnet ${source}`, [{ path: `dexes.${d.name}.assets.${a.coin}`, value: a.coin, expected: market }]);
    }
  }
  for (const a of seed.accounts ?? []) {
    const account = engine.account(a.address);
    if (a.usdc !== undefined) engine.deposit(account.address, new Decimal(a.usdc));
    for (const [name, amount] of Object.entries(a.spot ?? {})) {
      engine.addSpot(account, engine.tokens.find((t) => t.name === name)!.index, new Decimal(amount));
      engine.ledger(account, { type: "deposit", usdc: "0", token: name, amount });
    }
    if (a.volume !== undefined) account.cumVlm = account.cumVlm.plus(a.volume);
    if (a.displayName !== undefined) account.displayName = a.displayName;
    if (a.referralCode !== undefined) {
      engine.referralCodes.set(a.referralCode, account.address);
      account.referralCode = a.referralCode;
    }
    if (a.staked !== undefined) {
      const stake = stakeOf(engine, account.address);
      stake.undelegated = stake.undelegated.plus(a.staked);
    }
    for (const p of a.positions ?? []) {
      const position = engine.position(account, p.coin);
      const lev = Math.min(p.leverage ?? 20, engine.maxLeverage(p.coin));
      const szi = new Decimal(p.szi);
      position.leverage = { type: p.isolated ? "isolated" : "cross", value: lev };
      account.leverage.set(p.coin, position.leverage);
      position.szi = szi;
      position.entryNtl = szi.abs().times(p.entryPx);
      if (p.isolated) position.isolatedMargin = position.entryNtl.div(lev);
    }
    engine.emit({ kind: "user", user: account.address });
  }
  // Codes are registered above, so a referredBy may name a code of the same seed.
  for (const a of seed.accounts ?? []) if (a.referredBy !== undefined) engine.account(a.address).referrer = a.referredBy;
  for (const s of seed.subAccounts ?? []) {
    const master = engine.account(s.master);
    const sub = engine.account(s.address);
    sub.master = master.address;
    sub.subAccountName = s.name;
    if (!master.subAccounts.includes(sub.address)) master.subAccounts.push(sub.address);
    if (s.usdc !== undefined) engine.deposit(sub.address, new Decimal(s.usdc));
  }
  for (const m of seed.multiSig ?? [])
    engine.account(m.user).multiSig = { authorizedUsers: [...new Set(m.authorizedUsers.map((u) => u.toLowerCase()))], threshold: m.threshold };
  for (const s of seed.vaults ?? []) {
    const vault = openVault(engine, s.address, { name: s.name, description: s.description, leader: s.leader });
    const leader = engine.account(s.leader);
    // The leader's stake is minted from new money: seeding does not take the leader's balance.
    const equity = new Decimal(s.equity);
    leader.usdc = leader.usdc.plus(equity);
    depositShares(engine, vault, leader, equity);
  }
  for (const s of seed.validators ?? []) {
    addValidator(engine, {
      validator: s.address,
      ...(s.signer ? { signer: s.signer } : {}),
      ...(s.name ? { name: s.name } : {}),
      ...(s.description ? { description: s.description } : {}),
      ...(s.commissionBps !== undefined ? { commissionBps: s.commissionBps } : {}),
      ...(s.delegationsDisabled !== undefined ? { delegationsDisabled: s.delegationsDisabled } : {}),
      ...(s.jailed !== undefined ? { isJailed: s.jailed } : {}),
    });
    if (s.selfStake !== undefined) {
      const stake = stakeOf(engine, s.address);
      stake.undelegated = stake.undelegated.plus(s.selfStake);
      delegate(engine, s.address, s.address, new Decimal(s.selfStake), false);
    }
  }
  for (const d of seed.delegations ?? []) {
    const stake = stakeOf(engine, d.user);
    stake.undelegated = stake.undelegated.plus(d.amount);
    const problem = delegate(engine, d.user, d.validator, new Decimal(d.amount), false);
    if (problem) throw new Error(problem);
  }
  engine.afterAction();
  return seed;
}
