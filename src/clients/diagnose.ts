/**
 * Explains "User or API Wallet 0x… does not exist": recover the signer from the exact payload
 * that was sent, then try the usual suspects (other network, vault, changed payload) to see
 * which one makes the exchange's address appear.
 */
import { SignatureMismatchError } from "../errors/exchange.js";
import { recoverActionSigner, type Signature } from "../signing/index.js";

const NOT_FOUND = /User or API Wallet (0x[0-9a-fA-F]{40}) does not exist/;

export interface SentPayload {
  action: Record<string, unknown> & { type: string };
  nonce: number;
  signature: Signature;
  vaultAddress?: string | null;
  expiresAfter?: number | null;
}

function recover(p: SentPayload, isMainnet: boolean, vaultAddress: string | null): string | null {
  return recoverActionSigner({ action: p.action, nonce: p.nonce, signature: p.signature, vaultAddress, expiresAfter: p.expiresAfter ?? null }, { isMainnet });
}

/** A {@link SignatureMismatchError} for `response`, or undefined when it is another error. */
export function diagnoseSignatureMismatch(
  response: string,
  payload: SentPayload,
  ctx: { isMainnet: boolean; walletAddress: string; accountAddress?: string },
): SignatureMismatchError | undefined {
  const m = NOT_FOUND.exec(response);
  if (!m) return undefined;
  const exchangeAddr = m[1]!.toLowerCase();
  const vault = payload.vaultAddress ?? null;
  const local = recover(payload, ctx.isMainnet, vault) ?? "(does not recover)";
  let cause: string;
  if (local !== ctx.walletAddress.toLowerCase()) {
    cause = "The payload does not recover to your wallet: it was changed after signing (a proxy, a re-serialisation, or a mutated action object).";
  } else if (exchangeAddr === local) {
    cause =
      ctx.accountAddress && ctx.accountAddress.toLowerCase() !== local
        ? `The exchange recovered your agent wallet ${local}, but it is not approved for ${ctx.accountAddress}: call approveAgent from the main wallet first (on this network).`
        : `The exchange recovered your wallet ${local} but has no account for it on this network: deposit first, or sign with an approved agent wallet.`;
  } else if (recover(payload, !ctx.isMainnet, vault) === exchangeAddr) {
    cause = `The exchange hashed the action as ${ctx.isMainnet ? "testnet" : "mainnet"}: you signed for ${ctx.isMainnet ? "mainnet" : "testnet"}. Point the client at the right URL / isMainnet.`;
  } else if (vault && recover(payload, ctx.isMainnet, null) === exchangeAddr) {
    cause = `The exchange hashed the action without the vault address ${vault}: send vaultAddress in the request body (or drop it when signing).`;
  } else if (!vault && payload.action.type !== "usdSend") {
    cause =
      "The exchange hashed different bytes than were signed: a field value, key order, decimal format (e.g. trailing zeros) or asset id differs from what the exchange re-serialises. Validate the action against the schema and use canonical decimals.";
  } else {
    cause = "The exchange hashed different bytes than were signed (vault/sub-account mismatch, decimal format, key order or asset id).";
  }
  return new SignatureMismatchError(payload.action.type, response, exchangeAddr, local, cause);
}
