/**
 * Seeding helpers of the examples runner: new keys, funding through POST /devnet/fund, and
 * state built with ordinary signed actions through the SDK (sub-accounts, multi-sig users,
 * referral codes), so each example finds what its Python original assumes exists.
 */
import { generatePrivateKey } from "viem/accounts";
import type { Devnet } from "../devnet/index.js";
import { ExchangeClient, HttpTransport, privateKeyWallet, type HlWallet } from "../src/index.js";

export interface KeyedWallet {
  /** Private key handed to the example through its environment (never printed). */
  key: string;
  address: string;
  wallet: HlWallet;
}

export function newWallet(): KeyedWallet {
  const key = generatePrivateKey();
  const wallet = privateKeyWallet(key);
  return { key, address: wallet.address, wallet };
}

/** POST /devnet/fund: perp USDC and spot balances. */
export async function postFund(url: string, user: string, funds: { usdc?: string; spot?: Record<string, string> }): Promise<void> {
  const res = await fetch(`${url}/devnet/fund`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user, ...funds }) });
  if (!res.ok) throw new Error(`POST /devnet/fund answered ${res.status}: ${await res.text()}`);
}

/**
 * POST /devnet/seed with traded volume ($250,000: the chain wants $100,000 before
 * createSubAccount) and a staking balance (HYPE) for `user`. A devnet without the endpoint
 * (404) enforces neither, so that is fine too.
 */
export async function seedVolumeAndStake(url: string, user: string, staked = "10"): Promise<void> {
  const res = await fetch(`${url}/devnet/seed`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ accounts: [{ address: user, volume: "250000", staked }] }),
  });
  if (res.status === 404) return;
  if (!res.ok) throw new Error(`POST /devnet/seed answered ${res.status}: ${await res.text()}`);
}

export function clientOf(devnet: Devnet, wallet: HlWallet, extra: { vaultAddress?: string } = {}): ExchangeClient {
  return new ExchangeClient({ wallet, transport: new HttpTransport({ url: devnet.url, retry: { attempts: 1 } }), isMainnet: devnet.isMainnet, ...extra });
}

/** A sub-account of `owner` named `name`, funded with `usdc` from the owner; returns its address. */
export async function seedSubAccount(devnet: Devnet, owner: KeyedWallet, name: string, usdc = 0): Promise<string> {
  const client = clientOf(devnet, owner.wallet);
  const created = await client.createSubAccount({ name });
  const sub = created.response.data;
  if (typeof sub !== "string") throw new Error(`createSubAccount answered ${JSON.stringify(created)}`);
  if (usdc > 0) await client.subAccountTransfer({ subAccountUser: sub, isDeposit: true, usd: usdc * 1_000_000 });
  return sub;
}

/**
 * A multi-sig user whose authorized users are `signers` (threshold as given), funded with
 * perp USDC: a fresh account converts itself with convertToMultiSigUser.
 */
export async function seedMultiSigUser(devnet: Devnet, signers: KeyedWallet[], threshold: number, usdc = "10000"): Promise<string> {
  const user = newWallet();
  await postFund(devnet.url, user.address, { usdc });
  const authorizedUsers = signers.map((s) => s.address.toLowerCase()).sort();
  await clientOf(devnet, user.wallet).convertToMultiSigUser({ signers: JSON.stringify({ authorizedUsers, threshold }) });
  return user.address;
}

/** Another funded account registers referral `code` (so setReferrer with it succeeds). */
export async function seedReferralCode(devnet: Devnet, code: string): Promise<void> {
  const referrer = newWallet();
  await postFund(devnet.url, referrer.address, { usdc: "1000" });
  await clientOf(devnet, referrer.wallet).registerReferrer({ code });
}
