/**
 * Builder-deployed perp dexes (HIP-3). Dex 0 is the first dex (name ""); a deployed dex gets
 * the next index, its coins are named "dex:COIN" and numbered 100000 + 10000 × index + i
 * (the exchange's "Asset IDs" rule). They are created by the config / POST /devnet/seed or by
 * `perpDeploy registerAsset` with a `schema`; `setOracle` moves their oracle prices.
 *
 * Simplification: the devnet keeps one USDC collateral per user for all dexes (as with dex
 * abstraction on); positions, orders and views are still per dex.
 */
import { Decimal } from "decimal.js";
import type { Actions, Wire as T } from "../src/index.js";
import type { Account } from "./accounts.js";
import type { Market } from "./markets.js";
import type { PerpMarket } from "./markets.js";
import { roundPx } from "./rules.js";

/**
 * What dex deployment needs from the engine. Declared here, not imported from engine.ts, so the
 * engine can import this module without an import circle (the DexHost class implements it).
 */
export interface DexHost {
  readonly dexes: PerpDex[];
  readonly oracle: Map<string, Decimal>;
  readonly now: () => number;
  dex(name: string | undefined | null): PerpDex | undefined;
  market(coin: string): Market | undefined;
  addMarket(m: Market): void;
  requote(market: Market): void;
  afterAction(): void;
}

export interface PerpDex {
  index: number;
  name: string;
  fullName: string;
  deployer: string;
  oracleUpdater: string | null;
  feeRecipient: string | null;
  collateralToken: number;
  /** Coins of this dex in universe order. */
  coins: string[];
  oiCaps: Map<string, string>;
  fundingMultipliers: Map<string, string>;
  halted: Set<string>;
  subDeployers: Map<string, Set<string>>;
  deployerFeeScale: string;
  lastDeployerFeeScaleChangeTime?: string;
  /** setDeployerFees: per coin. */
  deployerFees: Map<string, { scale: string; growthMode: boolean }>;
}

export interface DexSpec {
  name: string;
  fullName: string;
  deployer: string;
  oracleUpdater?: string | null;
  feeRecipient?: string | null;
  collateralToken?: number;
}

export interface DexAssetSpec {
  /** Without the "dex:" prefix, or with it. */
  coin: string;
  szDecimals: number;
  px: number | string;
  maxLeverage: number;
  onlyIsolated?: boolean;
}

/** A HIP-3 dex name: lowercase letters and digits, starting with a letter (the devnet's rule). */
export const DEX_NAME = /^[a-z][a-z0-9]{0,7}$/;
const HIP3_ASSET_BASE = 100_000;
const HIP3_ASSETS_PER_DEX = 10_000;

type Result = T.DefaultResponse;
const ok = (): Result => ({ status: "ok", response: { type: "default" } });
const fail = (text: string): T.ExchangeErr => ({ status: "err", response: text });

export function firstDex(): PerpDex {
  return newDex(0, { name: "", fullName: "", deployer: "0x0000000000000000000000000000000000000000" });
}

function newDex(index: number, spec: DexSpec): PerpDex {
  return {
    index,
    name: spec.name,
    fullName: spec.fullName,
    deployer: spec.deployer.toLowerCase(),
    oracleUpdater: spec.oracleUpdater?.toLowerCase() ?? null,
    feeRecipient: spec.feeRecipient?.toLowerCase() ?? null,
    collateralToken: spec.collateralToken ?? 0,
    coins: [],
    oiCaps: new Map(),
    fundingMultipliers: new Map(),
    halted: new Set(),
    subDeployers: new Map(),
    deployerFeeScale: "1.0",
    deployerFees: new Map(),
  };
}

/** Creates a dex; a string is the refusal. */
export function createDex(engine: DexHost, spec: DexSpec): PerpDex | string {
  if (!DEX_NAME.test(spec.name)) return `Invalid perp dex name: ${JSON.stringify(spec.name)}.`;
  if (engine.dex(spec.name)) return "Perp dex already exists.";
  const dex = newDex(engine.dexes.length, spec);
  engine.dexes.push(dex);
  return dex;
}

/** The asset id of a dex's i-th coin. */
export function dexAssetId(dex: PerpDex, i: number): number {
  return dex.index === 0 ? i : HIP3_ASSET_BASE + HIP3_ASSETS_PER_DEX * dex.index + i;
}

/** Lists a coin on a deployed dex; a string is the refusal. */
export function addDexAsset(engine: DexHost, dex: PerpDex, spec: DexAssetSpec): PerpMarket | string {
  const coin = spec.coin.includes(":") ? spec.coin : `${dex.name}:${spec.coin}`;
  if (!coin.startsWith(`${dex.name}:`) || coin.length === dex.name.length + 1) return `Coin must be named ${dex.name}:<COIN> on perp dex ${dex.name}.`;
  if (engine.market(coin)) return "Asset already exists.";
  if (dex.coins.length >= HIP3_ASSETS_PER_DEX) return "Too many assets on this perp dex.";
  const px = Number(spec.px);
  if (!(px > 0)) return "Invalid oracle price.";
  const market: PerpMarket = {
    kind: "perp",
    coin,
    dex: dex.name,
    asset: dexAssetId(dex, dex.coins.length),
    szDecimals: spec.szDecimals,
    maxLeverage: spec.maxLeverage,
    basePx: px,
    ...(spec.onlyIsolated ? { onlyIsolated: true } : {}),
  };
  engine.addMarket(market);
  return market;
}

/** The dex as `perpDexs` lists it. */
export function perpDexView(dex: PerpDex): T.PerpDex {
  const view: T.PerpDex = {
    name: dex.name,
    fullName: dex.fullName,
    deployer: dex.deployer,
    oracleUpdater: dex.oracleUpdater,
    feeRecipient: dex.feeRecipient,
    assetToStreamingOiCap: [...dex.oiCaps],
    deployerFeeScale: dex.deployerFeeScale,
    assetToFundingMultiplier: [...dex.fundingMultipliers],
  };
  if (dex.subDeployers.size) view.subDeployers = [...dex.subDeployers].map(([fn, users]) => [fn, [...users]]);
  if (dex.lastDeployerFeeScaleChangeTime) view.lastDeployerFeeScaleChangeTime = dex.lastDeployerFeeScaleChangeTime;
  return view;
}

/** Whether `user` may run `variant` on `dex`: its deployer, or a sub-deployer allowed that variant. */
function mayDeploy(dex: PerpDex, user: string, variant: string): boolean {
  return dex.deployer === user || (dex.subDeployers.get(variant)?.has(user) ?? false);
}

function coinsOf(engine: DexHost, dex: PerpDex, pairs: [string, unknown][]): string | undefined {
  const unknown = pairs.find(([coin]) => !dex.coins.includes(coin));
  return unknown ? `Unknown asset ${unknown[0]} on perp dex ${dex.name}.` : undefined;
}

export function perpDeploy(engine: DexHost, account: Account, action: Actions["perpDeploy"]): Result {
  const user = account.address;
  const register = action.registerAsset ?? action.registerAsset2;
  if (register) {
    let dex = engine.dex(register.dex);
    if (register.dex === "") return fail("Cannot register assets on the first perp dex.");
    if (!dex) {
      if (!register.schema) return fail(`Perp dex ${register.dex} does not exist; the first registerAsset must include its schema.`);
      const created = createDex(engine, {
        name: register.dex,
        fullName: register.schema.fullName,
        deployer: user,
        oracleUpdater: register.schema.oracleUpdater,
        collateralToken: register.schema.collateralToken,
      });
      if (typeof created === "string") return fail(created);
      dex = created;
    } else if (register.schema) return fail("Perp dex already exists.");
    else if (!mayDeploy(dex, user, "registerAsset")) return fail(`Only the deployer of perp dex ${dex.name} can register assets.`);
    const request = register.assetRequest;
    const onlyIsolated = "onlyIsolated" in request ? request.onlyIsolated : request.marginMode !== "normal";
    const maxLeverage = request.marginTableId >= 1 && request.marginTableId <= 50 ? request.marginTableId : 10;
    const market = addDexAsset(engine, dex, { coin: request.coin, szDecimals: request.szDecimals, px: request.oraclePx, maxLeverage, onlyIsolated });
    return typeof market === "string" ? fail(market) : ok();
  }
  const dexName =
    action.setOracle?.dex ??
    action.insertMarginTable?.dex ??
    action.setFeeRecipient?.dex ??
    action.setSubDeployers?.dex ??
    action.setFeeScale?.dex ??
    action.disableDex ??
    coinDex(
      action.setDeployerFees ??
        action.setFundingMultipliers ??
        action.setFundingInterestRates ??
        action.setMarginTableIds ??
        action.setOpenInterestCaps ??
        action.setMarginModes ??
        action.setGrowthModes,
    ) ??
    coinDex([[action.haltTrading?.coin ?? action.setPerpAnnotation?.coin ?? "", ""]]);
  const dex = dexName ? engine.dex(dexName) : undefined;
  if (!dex || dex.index === 0) return fail(`Perp dex ${dexName ?? ""} does not exist.`);
  const variant = Object.keys(action).find((k) => k !== "type") ?? "";
  const isOracle = action.setOracle !== undefined && dex.oracleUpdater === user;
  if (!isOracle && !mayDeploy(dex, user, variant)) return fail(`Only the deployer of perp dex ${dex.name} can ${variant}.`);
  if (action.setOracle) {
    const problem = coinsOf(engine, dex, action.setOracle.oraclePxs);
    if (problem) return fail(problem);
    for (const [coin, px] of action.setOracle.oraclePxs) {
      const market = engine.market(coin)!;
      engine.oracle.set(coin, new Decimal(roundPx(new Decimal(px), market)));
      engine.requote(market);
    }
    engine.afterAction();
    return ok();
  }
  if (action.setFundingMultipliers) {
    const problem = coinsOf(engine, dex, action.setFundingMultipliers);
    if (problem) return fail(problem);
    for (const [coin, m] of action.setFundingMultipliers) dex.fundingMultipliers.set(coin, m);
  } else if (action.setOpenInterestCaps) {
    const problem = coinsOf(engine, dex, action.setOpenInterestCaps);
    if (problem) return fail(problem);
    for (const [coin, cap] of action.setOpenInterestCaps) dex.oiCaps.set(coin, new Decimal(cap).toFixed(1));
  } else if (action.haltTrading) {
    if (!dex.coins.includes(action.haltTrading.coin)) return fail(`Unknown asset ${action.haltTrading.coin} on perp dex ${dex.name}.`);
    if (action.haltTrading.isHalted) dex.halted.add(action.haltTrading.coin);
    else dex.halted.delete(action.haltTrading.coin);
  } else if (action.setFeeRecipient) dex.feeRecipient = action.setFeeRecipient.feeRecipient.toLowerCase();
  else if (action.setSubDeployers) {
    for (const s of action.setSubDeployers.subDeployers) {
      const set = dex.subDeployers.get(s.variant) ?? new Set<string>();
      if (s.allowed) set.add(s.user.toLowerCase());
      else set.delete(s.user.toLowerCase());
      if (set.size) dex.subDeployers.set(s.variant, set);
      else dex.subDeployers.delete(s.variant);
    }
  } else if (action.setDeployerFees) {
    const problem = coinsOf(engine, dex, action.setDeployerFees);
    if (problem) return fail(problem);
    for (const [coin, fee] of action.setDeployerFees) {
      const scale = new Decimal(fee.scale);
      if (fee.growthMode ? scale.gte(10) : scale.gt(3)) return fail(`Deployer fee scale of ${coin} must be at most 3 (below 10 in growth mode).`);
    }
    for (const [coin, fee] of action.setDeployerFees) dex.deployerFees.set(coin, { scale: fee.scale, growthMode: fee.growthMode });
  } else if (action.setFeeScale) {
    const scale = new Decimal(action.setFeeScale.scale);
    if (scale.gt(3)) return fail("Deployer fee scale must be at most 3.");
    dex.deployerFeeScale = scale.toFixed(1);
    dex.lastDeployerFeeScaleChangeTime = new Date(engine.now()).toISOString().slice(0, 19);
  }
  // The other variants (margin tables and modes, growth modes, annotations, disableDex) are
  // checked for the dex and the deployer and otherwise accepted without changing state.
  return ok();
}

function coinDex(pairs: [string, unknown][] | undefined): string | undefined {
  const coin = pairs?.[0]?.[0];
  return coin?.includes(":") ? coin.slice(0, coin.indexOf(":")) : undefined;
}
