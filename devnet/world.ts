/**
 * The engine-wide state beyond accounts that `--state` snapshots: deployed perp dexes and
 * their assets, deployed spot tokens and pairs, spot deploys in progress, vault shares,
 * validators and stakes. Stored as one engine row ("world") and checked with valibot on load,
 * before the accounts (whose positions and orders name the deployed markets) are restored.
 */
import { Decimal } from "decimal.js";
import * as v from "valibot";
import type { Engine } from "./engine.js";
import { addDexAsset, createDex } from "./dexes.js";
import { spotMarket } from "./markets.js";
import type { DeployState } from "./spot-deploy.js";

const dec = (d: Decimal): string => d.toFixed();
const Dec = v.pipe(
  v.string(),
  v.decimal(),
  v.transform((s) => new Decimal(s)),
);
const SignedDec = v.pipe(
  v.string(),
  v.transform((s) => new Decimal(s)),
);

const DexRow = v.object({
  name: v.string(),
  fullName: v.string(),
  deployer: v.string(),
  oracleUpdater: v.nullable(v.string()),
  feeRecipient: v.nullable(v.string()),
  collateralToken: v.number(),
  deployerFeeScale: v.string(),
  lastDeployerFeeScaleChangeTime: v.optional(v.string()),
  oiCaps: v.array(v.tuple([v.string(), v.string()])),
  fundingMultipliers: v.array(v.tuple([v.string(), v.string()])),
  halted: v.array(v.string()),
  subDeployers: v.array(v.tuple([v.string(), v.array(v.string())])),
  deployerFees: v.optional(v.array(v.tuple([v.string(), v.object({ scale: v.string(), growthMode: v.boolean() })])), []),
  assets: v.array(v.object({ coin: v.string(), szDecimals: v.number(), maxLeverage: v.number(), px: v.number(), onlyIsolated: v.optional(v.boolean()) })),
});
const TokenRow = v.object({
  name: v.string(),
  index: v.number(),
  szDecimals: v.number(),
  weiDecimals: v.number(),
  tokenId: v.string(),
  fullName: v.optional(v.string()),
});
const PairRow = v.object({ base: v.number(), quote: v.number(), pairIndex: v.number(), px: v.number(), canonical: v.boolean() });
const DeployRow = v.object({
  token: v.number(),
  deployer: v.string(),
  fullName: v.nullable(v.string()),
  userGenesis: v.array(v.tuple([v.string(), Dec])),
  existingTokenGenesis: v.array(v.tuple([v.number(), Dec])),
  blacklist: v.array(v.string()),
  maxSupply: v.optional(Dec),
  spots: v.array(v.object({ index: v.number(), quote: v.number(), listed: v.boolean() })),
  feeShare: v.string(),
  freezePrivilege: v.boolean(),
  frozen: v.array(v.string()),
});
const ShareRow = v.object({ shares: Dec, entryTime: v.number(), lockedUntil: v.number(), netDeposits: SignedDec });
const ValidatorRow = v.object({
  validator: v.string(),
  signer: v.string(),
  name: v.string(),
  description: v.string(),
  nodeIp: v.string(),
  commissionBps: v.number(),
  delegationsDisabled: v.boolean(),
  isJailed: v.boolean(),
  isActive: v.boolean(),
});
const StakeRow = v.object({
  undelegated: Dec,
  delegations: v.array(v.tuple([v.string(), v.object({ amount: Dec, lockedUntil: v.number() })])),
  history: v.array(v.any()),
});
export const WorldSchema = v.object({
  dexes: v.array(DexRow),
  tokens: v.array(TokenRow),
  pairs: v.array(PairRow),
  deploys: v.array(DeployRow),
  vaultShares: v.array(v.tuple([v.string(), v.array(v.tuple([v.string(), ShareRow]))])),
  validators: v.array(ValidatorRow),
  stakes: v.array(v.tuple([v.string(), StakeRow])),
  quoteTokens: v.array(v.number()),
  tokenAnnotations: v.optional(
    v.array(
      v.tuple([
        v.number(),
        v.object({ category: v.string(), description: v.string(), displayName: v.optional(v.nullable(v.string())), keywords: v.optional(v.array(v.string())) }),
      ]),
    ),
    [],
  ),
  deployerLabels: v.optional(v.array(v.tuple([v.string(), v.string()])), []),
});

export function worldToJson(engine: Engine): v.InferInput<typeof WorldSchema> {
  return {
    dexes: engine.dexes
      .filter((d) => d.index > 0)
      .map((d) => ({
        name: d.name,
        fullName: d.fullName,
        deployer: d.deployer,
        oracleUpdater: d.oracleUpdater,
        feeRecipient: d.feeRecipient,
        collateralToken: d.collateralToken,
        deployerFeeScale: d.deployerFeeScale,
        ...(d.lastDeployerFeeScaleChangeTime ? { lastDeployerFeeScaleChangeTime: d.lastDeployerFeeScaleChangeTime } : {}),
        oiCaps: [...d.oiCaps],
        fundingMultipliers: [...d.fundingMultipliers],
        halted: [...d.halted],
        subDeployers: [...d.subDeployers].map(([k, s]) => [k, [...s]]),
        deployerFees: [...d.deployerFees],
        assets: engine.perpsOf(d.name).map((m) => ({
          coin: m.coin,
          szDecimals: m.szDecimals,
          maxLeverage: m.maxLeverage,
          px: m.basePx,
          ...(m.onlyIsolated ? { onlyIsolated: true } : {}),
        })),
      })),
    tokens: engine.tokens.map((t) => ({ ...t })),
    pairs: engine.spots.map((m) => ({ base: m.base, quote: m.quote, pairIndex: m.pairIndex, px: m.basePx, canonical: !m.coin.startsWith("@") })),
    deploys: [...engine.deploys.values()].map((d) => ({
      ...d,
      userGenesis: [...d.userGenesis].map(([u, w]) => [u, dec(w)]),
      existingTokenGenesis: [...d.existingTokenGenesis].map(([t, w]) => [t, dec(w)]),
      blacklist: [...d.blacklist],
      maxSupply: d.maxSupply ? dec(d.maxSupply) : undefined,
      frozen: [...d.frozen],
    })),
    vaultShares: [...engine.vaultShares].map(([vault, m]) => [
      vault,
      [...m].map(([u, s]) => [u, { shares: dec(s.shares), entryTime: s.entryTime, lockedUntil: s.lockedUntil, netDeposits: dec(s.netDeposits) }]),
    ]),
    validators: [...engine.validators.values()],
    stakes: [...engine.stakes].map(([u, s]) => [
      u,
      {
        undelegated: dec(s.undelegated),
        delegations: [...s.delegations].map(([val, d]) => [val, { amount: dec(d.amount), lockedUntil: d.lockedUntil }]),
        history: s.history,
      },
    ]),
    quoteTokens: [...engine.quoteTokens],
    tokenAnnotations: [...engine.tokenAnnotations],
    deployerLabels: [...engine.deployerLabels],
  };
}

/** Recreates what the snapshot holds and the engine (built from the config) does not. */
export function restoreWorld(engine: Engine, json: unknown): void {
  const w = v.parse(WorldSchema, json);
  for (const t of w.tokens) if (!engine.token(t.index)) engine.addToken(t);
  for (const p of w.pairs) {
    if (engine.spots.some((m) => m.pairIndex === p.pairIndex)) continue;
    const base = engine.token(p.base);
    const quote = engine.token(p.quote);
    if (base && quote) engine.addMarket(spotMarket(base, quote, p.pairIndex, p.px, p.canonical));
  }
  for (const d of w.dexes) {
    const dex = engine.dex(d.name) ?? createDex(engine, d);
    if (typeof dex === "string") throw new Error(`devnet state: ${dex}`);
    Object.assign(dex, {
      collateralToken: d.collateralToken,
      deployerFeeScale: d.deployerFeeScale,
      lastDeployerFeeScaleChangeTime: d.lastDeployerFeeScaleChangeTime,
      oiCaps: new Map(d.oiCaps),
      fundingMultipliers: new Map(d.fundingMultipliers),
      halted: new Set(d.halted),
      subDeployers: new Map(d.subDeployers.map(([k, s]) => [k, new Set(s)])),
      deployerFees: new Map(d.deployerFees),
    });
    for (const a of d.assets) if (!engine.market(a.coin)) addDexAsset(engine, dex, a);
  }
  for (const d of w.deploys) {
    const state: DeployState = {
      ...d,
      userGenesis: new Map(d.userGenesis),
      existingTokenGenesis: new Map(d.existingTokenGenesis),
      blacklist: new Set(d.blacklist),
      frozen: new Set(d.frozen),
    };
    if (d.maxSupply === undefined) delete state.maxSupply;
    engine.deploys.set(d.token, state);
  }
  engine.vaultShares.clear();
  for (const [vault, shares] of w.vaultShares) engine.vaultShares.set(vault, new Map(shares));
  engine.validators.clear();
  for (const val of w.validators) engine.validators.set(val.validator, val);
  engine.stakes.clear();
  for (const [u, s] of w.stakes) engine.stakes.set(u, { undelegated: s.undelegated, delegations: new Map(s.delegations), history: s.history });
  for (const t of w.quoteTokens) engine.quoteTokens.add(t);
  for (const [token, a] of w.tokenAnnotations) engine.tokenAnnotations.set(token, a);
  for (const [user, label] of w.deployerLabels) engine.deployerLabels.set(user, label);
}
