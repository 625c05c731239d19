/**
 * Where to connect: the API origin, its WebSocket URL, the explorer origin and whether actions
 * are signed for mainnet. Presets for mainnet, testnet and a local devnet; any other URL is a
 * custom network (testnet-signed unless told otherwise).
 */
import { ValidationError } from "../errors/base.js";

export type NetworkName = "mainnet" | "testnet" | "local" | "custom";

export interface Network {
  name: NetworkName;
  /** HTTP origin for POST /info, /exchange (no trailing slash). */
  apiUrl: string;
  /** WebSocket URL (`…/ws`). */
  wsUrl: string;
  /** HTTP origin for POST /explorer. */
  explorerUrl: string;
  /** Sign actions for mainnet (`source: "a"`, `hyperliquidChain: "Mainnet"`). */
  isMainnet: boolean;
}

/** https://api.hyperliquid.xyz */
export const MAINNET: Readonly<Network> = Object.freeze({
  name: "mainnet",
  apiUrl: "https://api.hyperliquid.xyz",
  wsUrl: "wss://api.hyperliquid.xyz/ws",
  explorerUrl: "https://rpc.hyperliquid.xyz",
  isMainnet: true,
});
/** https://api.hyperliquid-testnet.xyz */
export const TESTNET: Readonly<Network> = Object.freeze({
  name: "testnet",
  apiUrl: "https://api.hyperliquid-testnet.xyz",
  wsUrl: "wss://api.hyperliquid-testnet.xyz/ws",
  explorerUrl: "https://rpc.hyperliquid-testnet.xyz",
  isMainnet: false,
});
/** The local devnet (`hl devnet`): http://127.0.0.1:3001 */
export const LOCAL: Readonly<Network> = Object.freeze({
  name: "local",
  apiUrl: "http://127.0.0.1:3001",
  wsUrl: "ws://127.0.0.1:3001/ws",
  explorerUrl: "http://127.0.0.1:3001",
  isMainnet: false,
});

/**
 * EIP-712 domain chain id of user-signed actions when none is given (Arbitrum Sepolia's, as the
 * official SDKs send; the exchange accepts any). The L1 domain's 1337 is a signing constant in
 * signing/eip712.ts.
 */
export const DEFAULT_SIGNATURE_CHAIN_ID = "0x66eee";

/** The `hyperliquidChain` field of user-signed actions. */
export type HyperliquidChain = "Mainnet" | "Testnet";

/** `hyperliquidChain` of a network: "Mainnet" iff actions are signed for mainnet. */
export function hyperliquidChainOf(isMainnet: boolean): HyperliquidChain {
  return isMainnet ? "Mainnet" : "Testnet";
}

const PRESETS: Record<string, Readonly<Network>> = { mainnet: MAINNET, testnet: TESTNET, local: LOCAL };

/** The WebSocket URL of an HTTP API origin: http → ws, https → wss, path + `/ws`. */
export function wsUrlOf(apiUrl: string): string {
  const u = parseUrl(apiUrl);
  const scheme = u.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${u.host}${u.pathname.replace(/\/$/, "")}/ws`;
}

function parseUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ValidationError("network", [{ path: "url", value: url, expected: `"mainnet", "testnet", "local" or an http(s) URL` }]);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new ValidationError("network", [{ path: "url", value: url, expected: "an http:// or https:// API origin" }]);
  return u;
}

/**
 * A network preset by name, or a custom network from an API URL.
 *
 * @example
 * ```ts
 * const net = network(process.env.HL_NETWORK ?? "local");
 * const info = new InfoClient({ transport: new HttpTransport({ url: net.apiUrl, explorerUrl: net.explorerUrl }) });
 * const ws = new WebSocketManager({ url: net.wsUrl });
 * network("http://10.0.0.5:3001");              // custom: ws://10.0.0.5:3001/ws, isMainnet false
 * network("https://my-node.example", { isMainnet: true });
 * ```
 */
export function network(nameOrUrl: string, overrides: Partial<Omit<Network, "name">> = {}): Network {
  const preset = PRESETS[nameOrUrl.toLowerCase()];
  if (preset) return { ...preset, ...overrides };
  const u = parseUrl(nameOrUrl);
  const apiUrl = `${u.protocol}//${u.host}${u.pathname.replace(/\/$/, "")}`;
  const known = [MAINNET, TESTNET].find((n) => n.apiUrl === apiUrl);
  if (known) return { ...known, ...overrides };
  return { name: "custom", apiUrl, wsUrl: wsUrlOf(apiUrl), explorerUrl: apiUrl, isMainnet: false, ...overrides };
}
