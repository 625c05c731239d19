/**
 * HIP-1 / HIP-2 spot deploys, step by step as the exchange's "Deploying HIP-1 and HIP-2
 * assets" page orders them: registerToken2 (answers the new token index) → userGenesis (any
 * number of times) → genesis (maxSupply must equal the genesis total: the checksum the docs
 * describe; balances are credited) → registerSpot (answers the new spot index) →
 * registerHyperliquidity (the pair is listed and quoted from startPx). The optional steps
 * (fee share, freeze privilege, quote token) are recorded. Not modelled: the gas auction
 * (maxGas is not charged) and Hyperliquidity's own order ladder (the devnet's built-in maker
 * quotes the new pair instead).
 */
import { Decimal } from "decimal.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { Actions, Wire as T } from "../src/index.js";
import { spotBalance, wire, type Account } from "./accounts.js";
import type { Market, SpotMarket } from "./markets.js";
import { spotMarket, type SpotToken } from "./markets.js";

/** What spot deployment needs from the engine (declared here: the engine imports this module). */
export interface DeployHost {
  readonly deploys: Map<number, DeployState>;
  readonly quoteTokens: Set<number>;
  readonly tokens: SpotToken[];
  readonly spots: SpotMarket[];
  readonly accounts: Map<string, Account>;
  readonly tokenAnnotations: Map<number, T.TokenAnnotation>;
  readonly deployerLabels: Map<string, string>;
  token(index: number): SpotToken | undefined;
  addToken(token: SpotToken): void;
  addMarket(m: Market): void;
  addSpot(account: Account, token: number, delta: Decimal): void;
  account(address: string): Account;
}

export interface DeployState {
  token: number;
  deployer: string;
  fullName: string | null;
  userGenesis: Map<string, Decimal>;
  existingTokenGenesis: Map<number, Decimal>;
  blacklist: Set<string>;
  maxSupply?: Decimal;
  /** Spot pairs registered for the token; `listed` once registerHyperliquidity ran. */
  spots: { index: number; quote: number; listed: boolean }[];
  feeShare: string;
  freezePrivilege: boolean;
  frozen: Set<string>;
}

type Result = T.SpotDeployResponse;
const ok = (data?: number): Result => ({ status: "ok", response: data === undefined ? { type: "default" } : { type: "default", data } });
const fail = (text: string): T.ExchangeErr => ({ status: "err", response: text });

function mine(engine: DeployHost, account: Account, token: number): DeployState | string {
  const state = engine.deploys.get(token);
  if (!state) return engine.token(token) ? "Token already deployed or not deployed by this user." : `Unknown token ${token}.`;
  if (state.deployer !== account.address) return "Only the deployer can perform this action.";
  return state;
}

function tokenIdFor(name: string, deployer: string, index: number): string {
  return `0x${bytesToHex(keccak_256(utf8ToBytes(`token:${name}:${deployer}:${index}`))).slice(0, 32)}`;
}

export function spotDeploy(engine: DeployHost, account: Account, action: Actions["spotDeploy"]): Result {
  if (action.registerToken2) {
    const { spec, fullName } = action.registerToken2;
    if (!/^[A-Za-z0-9]{2,10}$/.test(spec.name)) return fail("Invalid token name: 2 to 10 letters or digits.");
    if (engine.tokens.some((t) => t.name === spec.name)) return fail("Token name already exists.");
    if (spec.weiDecimals > 8 || spec.szDecimals + 5 > spec.weiDecimals)
      return fail("Invalid token spec: weiDecimals must be at most 8 and at least szDecimals + 5.");
    const index = Math.max(...engine.tokens.map((t) => t.index)) + 1;
    const token: SpotToken = {
      name: spec.name,
      szDecimals: spec.szDecimals,
      weiDecimals: spec.weiDecimals,
      index,
      tokenId: tokenIdFor(spec.name, account.address, index),
    };
    if (fullName) token.fullName = fullName;
    engine.addToken(token);
    engine.deploys.set(index, {
      token: index,
      deployer: account.address,
      fullName: fullName ?? null,
      userGenesis: new Map(),
      existingTokenGenesis: new Map(),
      blacklist: new Set(),
      spots: [],
      feeShare: "100%",
      freezePrivilege: false,
      frozen: new Set(),
    });
    return ok(index);
  }
  if (action.userGenesis) {
    const g = action.userGenesis;
    const state = mine(engine, account, g.token);
    if (typeof state === "string") return fail(state);
    if (state.maxSupply) return fail("Genesis already completed.");
    for (const [user, wei] of g.userAndWei) {
      const key = user.toLowerCase();
      state.userGenesis.set(key, (state.userGenesis.get(key) ?? new Decimal(0)).plus(wei));
    }
    for (const [token, wei] of g.existingTokenAndWei) {
      if (!engine.token(token)) return fail(`Unknown token ${token}.`);
      state.existingTokenGenesis.set(token, (state.existingTokenGenesis.get(token) ?? new Decimal(0)).plus(wei));
    }
    for (const [user, on] of g.blacklistUsers ?? []) {
      if (on) state.blacklist.add(user.toLowerCase());
      else state.blacklist.delete(user.toLowerCase());
    }
    return ok();
  }
  if (action.genesis) return genesis(engine, account, action.genesis);
  if (action.registerSpot) {
    const [base, quote] = action.registerSpot.tokens;
    if (base === undefined || quote === undefined || action.registerSpot.tokens.length !== 2) return fail("registerSpot takes [base token, quote token].");
    const state = mine(engine, account, base);
    if (typeof state === "string") return fail(state);
    if (!state.maxSupply) return fail("Genesis not completed.");
    if (!engine.quoteTokens.has(quote)) return fail(`Token ${quote} is not a quote token.`);
    if (state.spots.some((s) => s.quote === quote)) return fail("Spot pair already registered.");
    const pending = [...engine.deploys.values()].flatMap((d) => d.spots.map((s) => s.index));
    const index = Math.max(...engine.spots.map((m) => m.pairIndex), ...pending) + 1;
    state.spots.push({ index, quote, listed: false });
    return ok(index);
  }
  if (action.registerHyperliquidity) {
    const h = action.registerHyperliquidity;
    const state = [...engine.deploys.values()].find((d) => d.spots.some((s) => s.index === h.spot));
    if (!state) return fail(`Unknown spot ${h.spot}.`);
    if (state.deployer !== account.address) return fail("Only the deployer can perform this action.");
    const spot = state.spots.find((s) => s.index === h.spot)!;
    if (spot.listed) return fail("Hyperliquidity already registered.");
    const px = Number(h.startPx);
    if (!(px > 0)) return fail("Invalid startPx.");
    spot.listed = true;
    engine.addMarket(spotMarket(engine.token(state.token)!, engine.token(spot.quote)!, spot.index, px, false));
    return ok();
  }
  if (action.setDeployerTradingFeeShare) {
    const s = action.setDeployerTradingFeeShare;
    const state = mine(engine, account, s.token);
    if (typeof state === "string") return fail(state);
    const pct = Number(s.share.replace("%", ""));
    if (!s.share.endsWith("%") || !(pct >= 0 && pct <= 100)) return fail("Invalid deployer trading fee share: a percentage from 0% to 100%.");
    state.feeShare = s.share;
    return ok();
  }
  const tokenRef = action.enableFreezePrivilege ?? action.revokeFreezePrivilege ?? action.freezeUser ?? action.enableQuoteToken ?? action.disableQuoteToken;
  if (tokenRef) {
    const state = mine(engine, account, tokenRef.token);
    if (typeof state === "string") return fail(state);
    if (action.enableFreezePrivilege) state.freezePrivilege = true;
    else if (action.revokeFreezePrivilege) state.freezePrivilege = false;
    else if (action.freezeUser) {
      if (!state.freezePrivilege) return fail("Freeze privilege is not enabled for this token.");
      if (action.freezeUser.freeze) state.frozen.add(action.freezeUser.user.toLowerCase());
      else state.frozen.delete(action.freezeUser.user.toLowerCase());
    } else {
      if (action.enableQuoteToken) {
        if (state.feeShare !== "0%") return fail("Deployer trading fee share must be 0% to enable a quote token.");
        engine.quoteTokens.add(tokenRef.token);
      } else engine.quoteTokens.delete(tokenRef.token);
    }
    return ok();
  }
  if (action.setTokenAnnotation) {
    const a = action.setTokenAnnotation;
    const state = mine(engine, account, a.token);
    if (typeof state === "string") return fail(state);
    const problem = annotationProblem(a);
    if (problem) return fail(problem);
    engine.tokenAnnotations.set(a.token, { category: a.category, description: a.description, displayName: a.displayName, keywords: a.keywords });
    return ok();
  }
  if (action.setDeployerLabel !== undefined) {
    if (!/^[a-z0-9]{1,16}$/.test(action.setDeployerLabel)) return fail("Invalid deployer label: 1 to 16 lowercase letters or digits.");
    engine.deployerLabels.set(account.address, action.setDeployerLabel);
    return ok();
  }
  // requestEvmContract and outcome deploys: accepted without changing state.
  return ok();
}

/** The lengths the docs allow an annotation (the same for tokens and HIP-3 perps). */
function annotationProblem(a: { category: string; description: string; displayName: string | null; keywords: string[] }): string | undefined {
  if (a.category.length > 15) return "Annotation category must be at most 15 characters.";
  if (a.description.length > 400) return "Annotation description must be at most 400 characters.";
  if (a.displayName !== null && a.displayName.length > 9) return "Annotation display name must be at most 9 characters.";
  if (a.keywords.length > 2 || a.keywords.some((k) => k.length > 10)) return "Annotation keywords: at most 2, of at most 10 characters each.";
  return undefined;
}

function genesis(engine: DeployHost, account: Account, g: NonNullable<Actions["spotDeploy"]["genesis"]>): Result {
  const state = mine(engine, account, g.token);
  if (typeof state === "string") return fail(state);
  if (state.maxSupply) return fail("Genesis already completed.");
  const token = engine.token(g.token)!;
  let total = new Decimal(0);
  for (const wei of state.userGenesis.values()) total = total.plus(wei);
  for (const wei of state.existingTokenGenesis.values()) total = total.plus(wei);
  const maxSupply = new Decimal(g.maxSupply);
  if (!maxSupply.eq(total)) return fail(`Genesis max supply ${maxSupply.toFixed()} does not match the total user genesis ${total.toFixed()}.`);
  const scale = new Decimal(10).pow(token.weiDecimals);
  for (const [user, wei] of state.userGenesis) {
    if (state.blacklist.has(user)) continue;
    engine.addSpot(engine.account(user), token.index, wei.div(scale));
  }
  // Holders of an existing token share its allocation in proportion to their balances.
  for (const [existing, wei] of state.existingTokenGenesis) {
    const holders = [...engine.accounts.values()].filter((a) => !a.system && !state.blacklist.has(a.address) && spotBalance(a, existing).gt(0));
    const supply = holders.reduce((sum, a) => sum.plus(spotBalance(a, existing)), new Decimal(0));
    if (supply.isZero()) continue;
    for (const a of holders)
      engine.addSpot(a, token.index, wei.times(spotBalance(a, existing)).div(supply).div(scale).toDecimalPlaces(token.weiDecimals, Decimal.ROUND_DOWN));
  }
  state.maxSupply = maxSupply.div(scale);
  return ok();
}

/** The deployer's tokens as spotDeployState lists them. */
export function deployStates(engine: DeployHost, user: string): T.SpotDeployTokenState[] {
  return [...engine.deploys.values()]
    .filter((d) => d.deployer === user.toLowerCase())
    .map((d) => {
      const token = engine.token(d.token)!;
      let total = new Decimal(0);
      for (const wei of [...d.userGenesis.values(), ...d.existingTokenGenesis.values()]) total = total.plus(wei);
      return {
        token: d.token,
        spec: { name: token.name, szDecimals: token.szDecimals, weiDecimals: token.weiDecimals },
        fullName: d.fullName,
        deployerTradingFeeShare: new Decimal(d.feeShare.replace("%", "")).div(100).toFixed(),
        spots: d.spots.map((s) => s.index),
        maxSupply: d.maxSupply ? wire(d.maxSupply) : null,
        hyperliquidityGenesisBalance: "0.0",
        totalGenesisBalanceWei: total.toFixed(),
        userGenesisBalances: [...d.userGenesis].map(([u, w]): [string, string] => [u, new Decimal(w).div(new Decimal(10).pow(token.weiDecimals)).toFixed()]),
        existingTokenGenesisBalances: [...d.existingTokenGenesis].map(([t, w]): [number, string] => [t, w.toFixed()]),
        blacklistUsers: [...d.blacklist],
      };
    });
}
