/**
 * The one place every example reads its network and keys from (the Python SDK's
 * example_utils.py + config.json, as environment variables):
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | `HL_EXAMPLES_URL` | `local`, `testnet`, `mainnet` or an API URL | `local` (a devnet on 127.0.0.1:3001) |
 * | `HL_EXAMPLES_KEY` | private key that signs (the account's, or an agent's) | required |
 * | `HL_EXAMPLES_ACCOUNT` | the account address when the key is an agent's | the key's address |
 * | `HL_EXAMPLES_MULTISIG_KEYS` | comma-separated keys of a multi-sig user's authorized signers | none |
 * | `HL_EXAMPLES_MULTISIG_USER` | the multi-sig user those signers act for | `0x…05` as in the Python examples |
 * | `HL_EXAMPLES_MAINNET` | `1` signs for mainnet on a custom URL (a devnet started with `--network mainnet`) | |
 *
 * In your own project import from `"hyperliquid-sdk"` instead of `../src/index.js`.
 */
import {
  Exchange,
  HttpTransport,
  Info,
  network,
  privateKeyWallet,
  WebSocketManager,
  type ExchangeCompatOptions,
  type HlWallet,
  type Network,
  type PyResponse,
} from "../src/index.js";

function resolveNetwork(): Network {
  const net = network((process.env.HL_EXAMPLES_URL || "local") as Parameters<typeof network>[0]);
  const forceMainnet = process.env.HL_EXAMPLES_MAINNET === "1";
  return forceMainnet ? { ...net, isMainnet: true } : net;
}

/** Where the examples connect and which chain they sign for. */
export const NETWORK: Network = resolveNetwork();

/** A private key from the environment; the message says which variable is missing, never a value. */
function secretKey(): string {
  const key = process.env.HL_EXAMPLES_KEY;
  if (!key) throw new Error("HL_EXAMPLES_KEY is not set: export the private key of a funded account (on a devnet: `hl devnet --fund 0xADDRESS=10000`).");
  return key;
}

/** An Exchange on NETWORK for `wallet` (Python: `Exchange(wallet, base_url, vault_address=…, account_address=…)`). */
export function exchangeFor(
  wallet: HlWallet | string,
  options: { vault_address?: string | null; account_address?: string | null; perp_dexs?: string[] | null } = {},
  compat: ExchangeCompatOptions = {},
): Exchange {
  return new Exchange(wallet, NETWORK.apiUrl, null, options.vault_address ?? null, options.account_address ?? null, null, options.perp_dexs ?? null, null, {
    isMainnet: NETWORK.isMainnet,
    ...compat,
  });
}

export interface ExampleSetup {
  /** The account the example acts for. */
  address: string;
  info: Info;
  exchange: Exchange;
  /** The WebSocket manager behind `info.subscribe` (unless skipWs). */
  ws: WebSocketManager | undefined;
  /** Closes the WebSocket so the process can exit. */
  close(): Promise<void>;
}

/**
 * Python `example_utils.setup(base_url, skip_ws, perp_dexs)`: the wallet, the account it acts
 * for, an Info and an Exchange on NETWORK. Refuses to go on with an account that has no equity.
 */
export async function setup(options: { skipWs?: boolean; perpDexs?: string[] } = {}): Promise<ExampleSetup> {
  const wallet = privateKeyWallet(secretKey());
  const address = process.env.HL_EXAMPLES_ACCOUNT || wallet.address;
  console.log("Running with account address:", address);
  if (address.toLowerCase() !== wallet.address.toLowerCase()) console.log("Running with agent address:", wallet.address);
  const ws = options.skipWs ? undefined : new WebSocketManager({ url: NETWORK.wsUrl });
  const info = new Info({ transport: new HttpTransport({ url: NETWORK.apiUrl }) }, ws, { perp_dexs: options.perpDexs ?? null });
  const userState = await info.user_state(address);
  const spotState = await info.spot_user_state(address);
  if (Number(userState.marginSummary.accountValue) === 0 && spotState.balances.length === 0) {
    await ws?.close();
    throw new Error(`No accountValue: make sure that ${address} has a balance on ${NETWORK.apiUrl} (if that is an API wallet, set HL_EXAMPLES_ACCOUNT).`);
  }
  const exchange = exchangeFor(wallet, { account_address: address, perp_dexs: options.perpDexs ?? null });
  return { address, info, exchange, ws, close: async () => void (await ws?.close()) };
}

/** Python `example_utils.setup_multi_sig_wallets()`: the authorized signers of the multi-sig user. */
export function setupMultiSigWallets(): HlWallet[] {
  const keys = (process.env.HL_EXAMPLES_MULTISIG_KEYS ?? "").split(",").filter(Boolean);
  if (keys.length === 0) throw new Error("HL_EXAMPLES_MULTISIG_KEYS is not set: export the comma-separated keys of the multi-sig user's authorized signers.");
  return keys.map((key) => {
    const wallet = privateKeyWallet(key);
    console.log("loaded authorized user for multi-sig", wallet.address);
    return wallet;
  });
}

/** The multi-sig user the multi_sig_* examples act for. */
export function multiSigUser(): string {
  return process.env.HL_EXAMPLES_MULTISIG_USER || "0x0000000000000000000000000000000000000005";
}

/** A response printed as JSON on one line (Python's `print(result)`). */
export function show(label: string, value: unknown): void {
  console.log(`${label}:`, JSON.stringify(value));
}

/** The error an example exits with when the exchange refused something. */
export class ExchangeRefusedError extends Error {
  override name = "ExchangeRefusedError";
}

/** Per-order statuses of an order / cancel / modify answer (empty for other shapes). */
export function statusesOf(res: PyResponse | undefined): unknown[] {
  const data = (res?.response as { data?: { statuses?: unknown[] } } | undefined)?.data;
  return Array.isArray(data?.statuses) ? data.statuses : [];
}

/** The error text of one status, if it is `{"error": "…"}`. */
export function statusError(status: unknown): string | undefined {
  return status !== null && typeof status === "object" && "error" in status ? String((status as { error: unknown }).error) : undefined;
}

/**
 * Prints `res` and throws unless the exchange accepted it: `{"status":"err"}` or any per-order
 * `{"error": …}` status is a refusal, so the example exits non-zero.
 */
export function ok(label: string, res: PyResponse | undefined): PyResponse {
  show(label, res);
  if (!res) throw new ExchangeRefusedError(`${label}: no answer (nothing to do)`);
  if (res.status !== "ok") throw new ExchangeRefusedError(`${label}: the exchange answered ${JSON.stringify(res.response)}`);
  const errors = statusesOf(res)
    .map(statusError)
    .filter((e): e is string => e !== undefined);
  if (errors.length) throw new ExchangeRefusedError(`${label}: ${errors.join("; ")}`);
  return res;
}

/**
 * For steps that are meant to be refused (an order priced to miss): the action must be
 * accepted as a whole (signature, nonce) and its statuses must all be errors. Returns them.
 */
export function refusedOrder(label: string, res: PyResponse): string[] {
  show(label, res);
  if (res.status !== "ok") throw new ExchangeRefusedError(`${label}: the whole action was refused: ${JSON.stringify(res.response)}`);
  const errors = statusesOf(res).map(statusError);
  if (errors.length === 0 || errors.some((e) => e === undefined)) throw new ExchangeRefusedError(`${label}: expected every order to be refused`);
  return errors as string[];
}

/** The oid of a resting order's status, or undefined when it did not rest. */
export function restingOid(res: PyResponse, index = 0): number | undefined {
  const status = statusesOf(res)[index] as { resting?: { oid: number } } | undefined;
  return status?.resting?.oid;
}

/** Runs an example: prints an error the way the SDK words it and exits 1 on any failure. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      // SDK errors (HyperliquidError) carry shortMessage, details and hint in their message.
      if (e instanceof Error) console.error(`${e.name}: ${e.message}`);
      else console.error(e);
      process.exit(1);
    },
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
