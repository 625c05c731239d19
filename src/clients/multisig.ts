/**
 * Multi-sig workflow: build the inner action, have each authorized signer sign it (as the
 * Python SDK's sign_multi_sig_l1_action_payload / sign_multi_sig_user_signed_action_payload
 * do), assemble the `multiSig` action and submit it through the outer signer's ExchangeClient.
 * Also converts a user to a multi-sig user and back.
 *
 * ```ts
 * const ctx = { multiSigUser, outerSigner: outer.wallet.address, isMainnet: false, nonce: Date.now() };
 * const inner = prepareMultiSigInner({ type: "usdSend", destination, amount: "10" }, ctx);
 * const signatures = await collectMultiSigSignatures([alice, bob], inner, ctx);
 * await submitMultiSig(outer, inner, signatures, ctx);
 * ```
 */
import { actionSpecs, encodeAnyAction, isActionType, type ActionSpec, type ActionSuccess } from "../../generated/ts/actions.js";
import { ValidationError } from "../errors/base.js";
import { assertValidAction } from "../signing/action.js";
import { completeEnvelope, isRecord, userSignedMessage } from "../signing/envelope.js";
import { multiSigUserSignedSpec, signMultiSigL1Payload, signMultiSigUserSignedPayload } from "../signing/multisig.js";
import { recoverL1Signer, recoverUserSignedSigner } from "../signing/recover.js";
import { userSignedSpecOf } from "../signing/user-signed.js";
import type { HlWallet, Signature } from "../signing/wallet.js";
import { DEFAULT_SIGNATURE_CHAIN_ID } from "../transport/networks.js";
import type { ExchangeClient } from "./exchange.js";

/** Who the action is for, who submits it, and the envelope every signer signs. */
export interface MultiSigContext {
  /** The multi-sig account the inner action acts for. */
  multiSigUser: string;
  /** The authorized user (or its agent) that signs and sends the outer multiSig action. */
  outerSigner: string;
  isMainnet: boolean;
  /** Nonce of the outer action; also the inner action's nonce / time and the inner L1 hash nonce. */
  nonce: number;
  vaultAddress?: string | null;
  expiresAfter?: number | null;
  /** EIP-712 chain id of user-signed inner actions and the envelope (default 0x66eee). */
  signatureChainId?: string;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function specOf(action: { type?: unknown }): ActionSpec {
  const spec = isActionType(action.type) ? actionSpecs[action.type] : undefined;
  if (!spec || spec.type === "multiSig")
    throw new ValidationError("multi-sig inner action", [{ path: "type", value: action.type, expected: "an action type other than multiSig" }]);
  return spec;
}

function checkContext(ctx: MultiSigContext): void {
  const issues = [];
  if (!ADDRESS.test(ctx.multiSigUser)) issues.push({ path: "multiSigUser", value: ctx.multiSigUser, expected: "a 20-byte hex address" });
  if (!ADDRESS.test(ctx.outerSigner)) issues.push({ path: "outerSigner", value: ctx.outerSigner, expected: "a 20-byte hex address" });
  if (!Number.isSafeInteger(ctx.nonce) || ctx.nonce < 0)
    issues.push({ path: "nonce", value: ctx.nonce, expected: "a non-negative safe integer (milliseconds)" });
  if (issues.length) throw new ValidationError("multi-sig context", issues, { hint: "Nothing was signed or sent." });
}

/**
 * The inner action as every signer must sign it: user-signed actions get signatureChainId,
 * hyperliquidChain and the context nonce in their `nonce` / `time` field; then it is validated
 * and put in wire key order.
 */
export function prepareMultiSigInner(action: Record<string, unknown> & { type: string }, ctx: MultiSigContext): Record<string, unknown> & { type: string } {
  checkContext(ctx);
  const { action: full } = completeEnvelope(specOf(action).type, action, {
    isMainnet: ctx.isMainnet,
    nonce: ctx.nonce,
    signatureChainId: ctx.signatureChainId,
  });
  assertValidAction(full);
  const encoded = encodeAnyAction(full);
  // Always true for a validated action; narrows it to a plain record for the signers below.
  if (!isRecord(encoded)) throw new ValidationError("multi-sig inner action", [{ path: "action", value: encoded, expected: "an object" }]);
  return encoded;
}

/** One signer's signature of a prepared inner action. */
export async function signMultiSigInner(wallet: HlWallet, inner: Record<string, unknown> & { type: string }, ctx: MultiSigContext): Promise<Signature> {
  checkContext(ctx);
  const parties = { multiSigUser: ctx.multiSigUser, outerSigner: ctx.outerSigner };
  if (specOf(inner).signing === "userSigned") return signMultiSigUserSignedPayload({ ...parties, wallet, action: userSignedMessage(inner) });
  return signMultiSigL1Payload({
    ...parties,
    wallet,
    action: inner,
    nonce: ctx.nonce,
    vaultAddress: ctx.vaultAddress ?? null,
    expiresAfter: ctx.expiresAfter ?? null,
    isMainnet: ctx.isMainnet,
  });
}

/** Signatures of every wallet, in the order given. */
export async function collectMultiSigSignatures(
  wallets: HlWallet[],
  inner: Record<string, unknown> & { type: string },
  ctx: MultiSigContext,
): Promise<Signature[]> {
  const out: Signature[] = [];
  for (const w of wallets) out.push(await signMultiSigInner(w, inner, ctx));
  return out;
}

/** The address behind each signature (null where one does not recover), e.g. to check a quorum before sending. */
export function recoverMultiSigSigners(inner: Record<string, unknown> & { type: string }, signatures: Signature[], ctx: MultiSigContext): (string | null)[] {
  const parties = { multiSigUser: ctx.multiSigUser.toLowerCase(), outerSigner: ctx.outerSigner.toLowerCase() };
  if (specOf(inner).signing === "userSigned") {
    const spec = multiSigUserSignedSpec(userSignedSpecOf(inner));
    const envelope = userSignedMessage({ ...inner, payloadMultiSigUser: parties.multiSigUser, outerSigner: parties.outerSigner });
    return signatures.map((s) => recoverUserSignedSigner(envelope, s, spec));
  }
  const envelope = [parties.multiSigUser, parties.outerSigner, inner];
  return signatures.map((s) =>
    recoverL1Signer({
      action: envelope,
      nonce: ctx.nonce,
      vaultAddress: ctx.vaultAddress ?? null,
      expiresAfter: ctx.expiresAfter ?? null,
      isMainnet: ctx.isMainnet,
      signature: s,
    }),
  );
}

/** The outer `multiSig` action (without the outer signature). */
export function buildMultiSigAction(
  inner: Record<string, unknown>,
  signatures: Signature[],
  ctx: MultiSigContext,
): {
  type: "multiSig";
  signatureChainId: string;
  signatures: Signature[];
  payload: { multiSigUser: string; outerSigner: string; action: Record<string, unknown> };
} {
  checkContext(ctx);
  return {
    type: "multiSig",
    signatureChainId: ctx.signatureChainId ?? DEFAULT_SIGNATURE_CHAIN_ID,
    signatures,
    payload: { multiSigUser: ctx.multiSigUser.toLowerCase(), outerSigner: ctx.outerSigner.toLowerCase(), action: inner },
  };
}

/** Signs the outer action with `client`'s wallet (which must be ctx.outerSigner) and sends it. */
export function submitMultiSig(
  client: ExchangeClient,
  inner: Record<string, unknown>,
  signatures: Signature[],
  ctx: MultiSigContext,
): Promise<ActionSuccess["multiSig"]> {
  if (client.wallet.address.toLowerCase() !== ctx.outerSigner.toLowerCase()) {
    throw new ValidationError("multi-sig submission", [
      { path: "outerSigner", value: ctx.outerSigner, expected: `the client's wallet ${client.wallet.address} (it signs the outer action)` },
    ]);
  }
  const { signatures: sigs, payload } = buildMultiSigAction(inner, signatures, ctx);
  return client.multiSig({ signatures: sigs, payload }, { nonce: ctx.nonce, vaultAddress: ctx.vaultAddress ?? null, expiresAfter: ctx.expiresAfter ?? null });
}

/** The `signers` string of convertToMultiSigUser: authorized users lowercased and sorted, or "null" to convert back. */
export function multiSigSigners(authorizedUsers: string[] | null, threshold = 0): string {
  if (authorizedUsers === null) return "null";
  const users = authorizedUsers.map((u) => u.toLowerCase()).sort();
  const issues = [];
  users.forEach((u, i) => ADDRESS.test(u) || issues.push({ path: `authorizedUsers[${i}]`, value: authorizedUsers[i], expected: "a 20-byte hex address" }));
  if (new Set(users).size !== users.length) issues.push({ path: "authorizedUsers", value: authorizedUsers, expected: "distinct addresses" });
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > users.length)
    issues.push({ path: "threshold", value: threshold, expected: `an integer from 1 to ${users.length}` });
  if (issues.length) throw new ValidationError("multi-sig signers", issues, { hint: "Nothing was signed or sent." });
  return JSON.stringify({ authorizedUsers: users, threshold });
}

/** Makes `client`'s account a multi-sig user with these authorized users and threshold. */
export function convertToMultiSigUser(client: ExchangeClient, authorizedUsers: string[], threshold: number): Promise<ActionSuccess["convertToMultiSigUser"]> {
  return client.convertToMultiSigUser({ signers: multiSigSigners(authorizedUsers, threshold) });
}

/**
 * Converts the multi-sig user back to a normal user: the inner convertToMultiSigUser with
 * signers "null", signed by `wallets` (at least the threshold) and sent by `client`.
 */
export async function convertMultiSigToNormalUser(
  client: ExchangeClient,
  wallets: HlWallet[],
  ctx: Omit<MultiSigContext, "outerSigner" | "isMainnet">,
): Promise<ActionSuccess["multiSig"]> {
  const full: MultiSigContext = { ...ctx, outerSigner: client.wallet.address, isMainnet: client.isMainnet };
  const inner = prepareMultiSigInner({ type: "convertToMultiSigUser", signers: "null" }, full);
  return submitMultiSig(client, inner, await collectMultiSigSignatures(wallets, inner, full), full);
}
