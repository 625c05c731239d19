/**
 * Authenticates /exchange requests the way the chain does: the action is re-encoded in the
 * exchange's canonical key order, the signer is recovered (L1 phantom agent, user-signed
 * EIP-712, or multi-sig), agents are mapped to their users, and nonces are checked per signer.
 * A payload signed differently recovers a different address, exactly like the real API.
 */
import type { Hex } from "viem";
import {
  actionSpecs,
  envelopeIssues,
  recoverActionSigner,
  recoverDigestSigner,
  validate,
  type ActionSpec,
  type ActionType,
  type Actions,
  type MessageName,
  type Signature,
} from "../src/index.js";
import type { Engine } from "./engine.js";
import { isLowS } from "./verifier.js";

export type AnyAction = Actions[ActionType];

export type AuthResult = { ok: true; user: string; signer: string; action: AnyAction } | { ok: false; httpStatus: 200 | 422; text: string };

const DAY = 86_400_000;
const MAX_NONCES = 100;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HEX = /^0x[0-9a-fA-F]{1,64}$/;

const reject = (text: string): AuthResult => ({ ok: false, httpStatus: 200, text });
const malformed = (detail: string): AuthResult => ({ ok: false, httpStatus: 422, text: `Failed to deserialize the JSON body into the target type: ${detail}` });

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isActionType(type: unknown): type is ActionType {
  return typeof type === "string" && Object.hasOwn(actionSpecs, type);
}

const PLAIN_DECIMAL = /^[0-9]+\.[0-9]+$/;

/**
 * Schema check of a user-signed action. Its strings are signed as sent (EIP-712) and the chain
 * parses its amounts as decimals, so trailing zeros are fine there: the official Python SDK
 * sends `str(float)`, e.g. `"amount": "1.0"` for usd_transfer / spot_transfer / withdraw.
 * Only msgpack-hashed L1 actions need the canonical form. The action itself is not changed.
 */
function validateUserSigned(name: MessageName, action: unknown): ReturnType<typeof validate> {
  let probe = action;
  for (;;) {
    const issues = validate(name, probe);
    const top = issues.find(
      (i) => /^\w+$/.test(i.path) && typeof i.value === "string" && PLAIN_DECIMAL.test(i.value) && i.expected.includes("canonical decimal"),
    );
    if (!top || !issues.every((i) => i === top) || typeof top.value !== "string" || !isRecord(probe)) return issues;
    probe = { ...probe, [top.path]: top.value.replace(/\.?0+$/, "") };
  }
}

/** Schema check + canonical re-encoding; an error text when the action is not valid. */
function canonical(action: unknown): { action: AnyAction; spec: ActionSpec } | string {
  const type = isRecord(action) ? action.type : undefined;
  if (!isActionType(type)) return `unknown variant \`${String(type)}\``;
  const spec = actionSpecs[type];
  // ActionSpec.message is the schema message name as a plain string (the generated table is not keyed by MessageName).
  const message = spec.message as MessageName;
  const issues = spec.signing === "userSigned" ? validateUserSigned(message, action) : validate(message, action);
  if (issues.length) return issues.map((i) => `${i.path || "action"}: ${i.expected}`).join("; ");
  // The schema check just passed for `type`, which is what makes this an AnyAction; the generated
  // encoders share one table typed `(action: never) => unknown`, so the call needs this one cast.
  const encode = spec.encode as (a: unknown) => AnyAction;
  return { action: encode(action), spec };
}

function isSignature(s: unknown): s is Signature {
  return isRecord(s) && typeof s.r === "string" && HEX.test(s.r) && typeof s.s === "string" && HEX.test(s.s) && (s.v === 27 || s.v === 28);
}

export class NonceTracker {
  private readonly seen = new Map<string, number[]>();

  /** Checks and records `nonce` for `signer`; returns an error text or undefined. */
  use(signer: string, nonce: number, now: number): string | undefined {
    if (nonce <= now - 2 * DAY || nonce >= now + DAY) return `Invalid nonce: nonce ${nonce} is outside the accepted window (T - 2 days, T + 1 day)`;
    let list = this.seen.get(signer);
    if (!list) this.seen.set(signer, (list = []));
    if (list.length >= MAX_NONCES && nonce <= list[0]!) return `Invalid nonce: nonce ${nonce} is lower than the smallest of the 100 highest nonces used`;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! < nonce) lo = mid + 1;
      else hi = mid;
    }
    if (list[lo] === nonce) return `Invalid nonce: duplicate nonce ${nonce}`;
    list.splice(lo, 0, nonce);
    if (list.length > MAX_NONCES) list.shift();
    return undefined;
  }

  toJSON(): Record<string, number[]> {
    return Object.fromEntries(this.seen);
  }

  load(data: Record<string, number[]>): void {
    for (const [k, v] of Object.entries(data)) this.seen.set(k, [...v]);
  }
}

/** Recovers the signer of a digest (inline, or on a worker: see verifier.ts). */
export type RecoverFn = (digest: Uint8Array, signature: Signature) => Promise<Hex | null> | Hex | null;

export async function authenticate(
  engine: Engine,
  nonces: NonceTracker,
  body: unknown,
  isMainnet: boolean,
  recover: RecoverFn = recoverDigestSigner,
): Promise<AuthResult> {
  if (!isRecord(body)) return malformed("expected an object with action, nonce and signature");
  const { nonce, signature, vaultAddress, expiresAfter: expires } = body;
  if (typeof nonce !== "number" || !Number.isSafeInteger(nonce) || nonce < 0) return malformed("nonce: expected a u64");
  if (!isSignature(signature)) return malformed("signature: expected {r, s, v}");
  if (vaultAddress != null && (typeof vaultAddress !== "string" || !ADDRESS.test(vaultAddress))) return malformed("vaultAddress: expected an address");
  if (expires != null && (typeof expires !== "number" || !Number.isSafeInteger(expires))) return malformed("expiresAfter: expected a u64");
  const parsed = canonical(body.action);
  if (typeof parsed === "string") return malformed(parsed);
  const { action, spec } = parsed;
  const vault = typeof vaultAddress === "string" && vaultAddress ? vaultAddress.toLowerCase() : null;
  const expiresAfter = typeof expires === "number" ? expires : null;
  if (expiresAfter !== null && expiresAfter < engine.now()) return reject(`Action expired at ${expiresAfter} (now ${engine.now()}).`);
  const chain = isMainnet ? "Mainnet" : "Testnet";

  let signer: string | null;
  let actingUser: string;
  let inner = action;
  if (action.type === "multiSig") {
    const result = authenticateMultiSig(engine, action, signature, nonce, vault, expiresAfter, isMainnet);
    if (!result.ok) return result;
    signer = result.signer;
    actingUser = result.user;
    inner = result.action;
  } else if (spec.signing === "l1") {
    signer = await recoverActionSigner({ action, nonce, signature, vaultAddress: vault, expiresAfter }, { isMainnet, recover });
    if (!signer) return reject("Invalid signature.");
    const owner = engine.agentOwners.get(signer);
    actingUser = owner ?? signer;
    if (!owner && !isActive(engine, signer)) return reject(`User or API Wallet ${signer} does not exist.`);
  } else {
    // The SDK's one envelope check (chain name, nonce/time = request nonce), answered in the chain's words.
    const issues = envelopeIssues({ action, nonce, isMainnet }, "userSigned");
    if (issues.some((i) => i.path === "action.hyperliquidChain")) return reject(`Invalid hyperliquidChain: expected ${chain}.`);
    signer = await recoverActionSigner({ action, nonce, signature }, { isMainnet, recover });
    if (!signer) return reject("Invalid signature.");
    if (!isActive(engine, signer)) return reject(`User or API Wallet ${signer} does not exist.`);
    actingUser = signer;
    const mismatch = issues.find((i) => i.path === "action.nonce" || i.path === "action.time");
    if (mismatch) return reject(`Invalid nonce: ${mismatch.path} ${String(mismatch.value)} does not match the request nonce ${nonce}.`);
  }
  const nonceProblem = nonces.use(signer, nonce, engine.now());
  if (nonceProblem) return reject(nonceProblem);
  if (vault) {
    const target = engine.existing(vault);
    const authorized = target && (target.master === actingUser || target.vault?.leader === actingUser);
    if (!authorized) return reject(`Vault or sub-account ${vault} is not managed by ${actingUser}.`);
    actingUser = vault;
  }
  return { ok: true, user: actingUser, signer, action: inner };
}

/** An account the chain knows: funded, holding something, a sub-account or a vault. */
export function isActive(engine: Engine, address: string): boolean {
  const a = engine.existing(address);
  if (!a) return false;
  return (
    a.usdc.gt(0) ||
    a.positions.size > 0 ||
    [...a.spot.values()].some((v) => v.gt(0)) ||
    a.master !== undefined ||
    a.vault !== undefined ||
    a.multiSig !== undefined ||
    a.ledger.length > 0
  );
}

function authenticateMultiSig(
  engine: Engine,
  action: Actions["multiSig"],
  signature: Signature,
  nonce: number,
  vault: string | null,
  expiresAfter: number | null,
  isMainnet: boolean,
): AuthResult {
  const payload = action.payload;
  const user = payload.multiSigUser.toLowerCase();
  const account = engine.existing(user);
  // The chain's own texts (recorded on testnet): "Invalid multi-sig user", "Invalid multi-sig outer signer", "Multi-sig threshold not met".
  if (!account?.multiSig) return { ok: false, httpStatus: 200, text: "Invalid multi-sig user" };
  const outer = !isLowS(signature) ? null : recoverActionSigner({ action, nonce, signature, vaultAddress: vault, expiresAfter }, { isMainnet });
  if (!outer || outer !== payload.outerSigner.toLowerCase()) return { ok: false, httpStatus: 200, text: `User or API Wallet ${outer ?? "0x"} does not exist.` };
  if (!account.multiSig.authorizedUsers.includes(outer)) return { ok: false, httpStatus: 200, text: "Invalid multi-sig outer signer" };
  const parsed = canonical(payload.action);
  if (typeof parsed === "string")
    return { ok: false, httpStatus: 422, text: `Failed to deserialize the JSON body into the target type: payload.action: ${parsed}` };
  const signers = new Set<string>();
  for (const sig of action.signatures) {
    if (!isSignature(sig) || !isLowS(sig)) continue; // would not recover anyway / the chain takes low-s only
    const who = recoverActionSigner(
      { action: parsed.action, nonce, signature: sig, vaultAddress: vault, expiresAfter, multiSig: { multiSigUser: user, outerSigner: outer } },
      { isMainnet },
    );
    if (who && account.multiSig.authorizedUsers.includes(who)) signers.add(who);
  }
  if (signers.size < account.multiSig.threshold)
    return { ok: false, httpStatus: 200, text: `Multi-sig threshold not met: ${signers.size} valid signatures, threshold ${account.multiSig.threshold}.` };
  return { ok: true, user, signer: outer, action: parsed.action };
}
