/**
 * What `npm run examples` runs: each example, the state its Python original assumes (seeded
 * here through the devnet's admin endpoint and ordinary signed actions), and the devnet
 * feature it still waits for, if any.
 */
import type { Devnet, MarketsConfig } from "../devnet/index.js";
import { newWallet, postFund, seedMultiSigUser, seedReferralCode, seedSubAccount, seedVolumeAndStake, type KeyedWallet } from "./examples-seed.js";
import { seedHip3Dex, seedReplicaCmds, startServe } from "./examples-seed-extra.js";

export interface SeedContext {
  devnet: Devnet;
  /** The example's own funded key (HL_EXAMPLES_KEY). */
  main: KeyedWallet;
  /** Runs after the example, before the devnet closes. */
  onClose(fn: () => Promise<void> | void): void;
  /** Appends command-line arguments for the example. */
  addArgs(...args: string[]): void;
  /** Text the example's output must contain for it to pass. */
  expectOutput(text: string): void;
}

export interface ExampleEntry {
  name: string;
  /** Table label when one example runs more than once (other arguments). */
  label?: string;
  /** Default examples/<name>.ts. */
  file?: string;
  args?: string[];
  /** Extra environment for the example (seeded state). */
  seed?: (ctx: SeedContext) => Promise<Record<string, string>>;
  timeoutMs?: number;
}

/**
 * The examples' markets: the devnet's defaults plus OP (rounding.py) and spot pair @8 =
 * KORILA/USDC (basic_spot_order.py, as on testnet; pairs 2–7 are fillers), PURR priced so the
 * Python examples' "very low" bids rest instead of filling.
 */
export const EXAMPLE_MARKETS: MarketsConfig = {
  perps: [
    { coin: "BTC", szDecimals: 5, maxLeverage: 40, px: 97000 },
    { coin: "ETH", szDecimals: 4, maxLeverage: 25, px: 3600 },
    { coin: "SOL", szDecimals: 2, maxLeverage: 20, px: 180 },
    { coin: "OP", szDecimals: 0, maxLeverage: 10, px: 1.9 },
  ],
  spotTokens: [
    { name: "USDC", szDecimals: 8, weiDecimals: 8 },
    { name: "PURR", szDecimals: 0, weiDecimals: 5 },
    { name: "HYPE", szDecimals: 2, weiDecimals: 8 },
    ...["FILLA", "FILLB", "FILLC", "FILLD", "FILLE", "FILLF"].map((name) => ({ name, szDecimals: 1, weiDecimals: 6 })),
    { name: "KORILA", szDecimals: 0, weiDecimals: 6 },
  ],
  spotPairs: [
    { base: "PURR", quote: "USDC", px: 1.5, canonical: true },
    { base: "HYPE", quote: "USDC", px: 32 },
    ...["FILLA", "FILLB", "FILLC", "FILLD", "FILLE", "FILLF"].map((base) => ({ base, quote: "USDC", px: 1 })),
    { base: "KORILA", quote: "USDC", px: 20 },
  ],
};

/** Two authorized users (the example's key and one more) of a fresh multi-sig user with threshold 2. */
async function multiSig({ devnet, main }: SeedContext): Promise<Record<string, string>> {
  const second = newWallet();
  await postFund(devnet.url, second.address, { usdc: "100" });
  const user = await seedMultiSigUser(devnet, [main, second], 2);
  return { HL_EXAMPLES_MULTISIG_KEYS: `${main.key},${second.key}`, HL_EXAMPLES_MULTISIG_USER: user };
}

/** A sub-account named `name` of the example's key (which first gets the traded volume the chain asks for). */
async function subAccount({ devnet, main }: SeedContext, name: string, usdc = 0): Promise<string> {
  await seedVolumeAndStake(devnet.url, main.address);
  return seedSubAccount(devnet, main, name, usdc);
}

const hip3 = async ({ devnet, main }: SeedContext): Promise<Record<string, string>> => {
  await seedHip3Dex(devnet, "test", ["ABC"], main);
  return {};
};

export const EXAMPLES: ExampleEntry[] = [
  // First: a cold Go build cache makes its compile the longest step, and the other worker goes on meanwhile.
  { name: "serve_from_go", file: "examples/serve_from_go/main.go", timeoutMs: 90_000, seed: (ctx) => startServe(ctx) },
  { name: "basic_adding", seed: async () => ({ HL_EXAMPLES_SECONDS: "6" }) },
  { name: "basic_agent" },
  { name: "basic_builder_fee" },
  {
    name: "basic_convert_to_multi_sig_user",
    seed: async ({ devnet }) => {
      const signers = [newWallet(), newWallet()];
      for (const s of signers) await postFund(devnet.url, s.address, { usdc: "100" });
      return { HL_EXAMPLES_MULTISIG_KEYS: signers.map((s) => s.key).join(",") };
    },
  },
  { name: "basic_evm_use_big_blocks" },
  { name: "basic_leverage_adjustment" },
  { name: "basic_market_order" },
  { name: "basic_order" },
  { name: "basic_order_modify" },
  { name: "basic_order_with_builder_deployed_dex", seed: hip3 },
  { name: "basic_order_with_cloid" },
  { name: "basic_recover_user" },
  { name: "basic_schedule_cancel", timeoutMs: 45_000 },
  { name: "basic_send_asset", seed: hip3 },
  {
    name: "basic_set_referrer",
    seed: async ({ devnet }) => {
      await seedReferralCode(devnet, "ASDFASDF");
      return {};
    },
  },
  { name: "basic_spot_order" },
  { name: "basic_spot_to_builder_deployed_perp_dex", seed: hip3 },
  { name: "basic_spot_to_perp" },
  { name: "basic_spot_transfer" },
  { name: "basic_staking" },
  {
    name: "basic_sub_account",
    seed: async ({ devnet, main }) => {
      await seedVolumeAndStake(devnet.url, main.address);
      return {};
    },
  },
  { name: "basic_tpsl", label: "basic_tpsl (sell)" },
  { name: "basic_tpsl", label: "basic_tpsl --is_buy", args: ["--is_buy"] },
  { name: "basic_transfer" },
  { name: "basic_vault", seed: async (ctx) => ({ HL_EXAMPLES_VAULT: await subAccount(ctx, "vault-example", 1000) }) },
  { name: "basic_vault_transfer" },
  { name: "basic_withdraw" },
  { name: "basic_ws", seed: async () => ({ HL_EXAMPLES_SECONDS: "3" }) },
  { name: "c_signer", label: "c_signer --action Jail", args: ["--action", "Jail"] },
  {
    name: "c_validator",
    label: "c_validator --action Register",
    args: ["--action", "Register"],
    // Registration self-delegates initial_wei from the staking balance.
    seed: async ({ devnet, main }) => {
      await seedVolumeAndStake(devnet.url, main.address);
      return {};
    },
  },
  { name: "cancel_open_orders" },
  {
    name: "dex_abstraction",
    seed: async (ctx) => {
      await subAccount(ctx, "One");
      return {};
    },
  },
  { name: "multi_sig_convert_to_normal_user", seed: multiSig },
  { name: "multi_sig_order", seed: multiSig },
  { name: "multi_sig_register_token", seed: multiSig },
  { name: "multi_sig_usd_send", seed: multiSig },
  { name: "perp_deploy", args: ["--register-dex"] },
  { name: "priority_fees", seed: hip3 },
  { name: "rounding" },
  { name: "spot_deploy" },
  { name: "user_abstraction", seed: async (ctx) => ({ HL_EXAMPLES_SUB_ACCOUNT: await subAccount(ctx, "abstraction") }) },
  {
    name: "parse_token_delegate_from_replica_cmds",
    seed: async (ctx) => {
      const replica = await seedReplicaCmds(ctx);
      ctx.addArgs("--data-dir", replica.path, "--start-height", "1", "--end-height", "20001");
      ctx.expectOutput(replica.expected);
      return {};
    },
  },
  // Beyond the Python SDK's examples.
  { name: "paper_trading" },
  { name: "risk_limits_kill_switch" },
  { name: "twap_order" },
  { name: "iceberg_order" },
  { name: "book_stream_reconnect" },
  { name: "serve_from_python", file: "examples/serve_from_python.py", timeoutMs: 60_000, seed: (ctx) => startServe(ctx) },
];
