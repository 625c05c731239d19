/**
 * The plumbing of the Python-compatible Exchange: constructor arguments in the Python SDK's
 * order, the ExchangeClient underneath (which validates, signs and sends: no signing code
 * here), the asset lookup, and how each action is sent (vault / expiresAfter like Python).
 */
import type { ActionType } from "../../../generated/ts/actions.js";
import type { ActionOptions } from "../../../generated/ts/methods.js";
import { ExchangeClient } from "../../clients/exchange.js";
import { Preflight, type AssetIdLookup, type PreflightOptions } from "../../clients/preflight.js";
import { ExchangeError } from "../../errors/exchange.js";
import type { GuardRails } from "../../guard/pipeline.js";
import { NonceManager, privateKeyWallet, type HlWallet } from "../../signing/index.js";
import { HttpTransport } from "../../transport/http/http-transport.js";
import { MAINNET, TESTNET } from "../../transport/networks.js";
import type { Transport } from "../../transport/types.js";
import { Info } from "../info.js";
import type { PyMeta, PySpotMeta } from "./assets.js";

/** hyperliquid.utils.constants.MAINNET_API_URL */
export const MAINNET_API_URL = MAINNET.apiUrl;
/** hyperliquid.utils.constants.TESTNET_API_URL */
export const TESTNET_API_URL = TESTNET.apiUrl;

/** TS-only settings (the 9th constructor argument). */
export interface ExchangeCompatOptions {
  /** Network to sign for; default: mainnet iff base_url is exactly MAINNET_API_URL (as Python). A Transport without this signs for testnet. */
  isMainnet?: boolean;
  /** Name → asset resolution (e.g. a MetadataCache); default: the Python SDK's tables from meta / spot_meta. */
  lookup?: AssetIdLookup;
  /** Pre-flight checks on the order paths (default on, without a mid band); `false` disables them. */
  preflight?: PreflightOptions | false;
  /** Throw ExchangeError on `{"status":"err"}` instead of returning the response as Python does. */
  throwOnError?: boolean;
  nonces?: NonceManager;
  /** Agent key generator of approve_agent (default: 32 random bytes). */
  newAgentKey?: () => string;
  /**
   * Guard rails (src/guard): every action then passes mode → kill switch → risk rules → audit →
   * sign → send → audit, as through ExchangeClient. A refusal (ReadOnlyModeError, KillSwitchError,
   * RiskLimitError) is thrown, never returned as `{"status":"err"}`: nothing was sent.
   */
  guard?: Pick<GuardRails, "execute">;
}

/** A raw exchange response as the Python SDK returns it. */
export type PyResponse = Record<string, unknown>;

/** Exposes ExchangeClient.executeAction for the actions the compat layer builds at run time (validated there). */
class CompatClient extends ExchangeClient {
  run(type: ActionType, action: Record<string, unknown>, options: ActionOptions): Promise<unknown> {
    return this.executeAction(type, action, options);
  }
}

export class ExchangeBase {
  /** Python default slippage of market orders (5%). */
  static readonly DEFAULT_SLIPPAGE = 0.05;

  readonly wallet: HlWallet;
  readonly base_url: string;
  vault_address: string | null;
  account_address: string | null;
  expires_after: number | null = null;
  /** The Python-named Info on the same transport. */
  readonly info: Info;
  /** The typed client every action goes through. */
  readonly client: ExchangeClient;
  /** The same client, with the run-time-typed entry point the methods below use. */
  private readonly runner: CompatClient;
  readonly isMainnet: boolean;
  /** Name → asset resolution used by every method that takes a coin name. */
  readonly lookup: AssetIdLookup;
  protected readonly preflight: Preflight | undefined;
  protected readonly compat: ExchangeCompatOptions;

  /**
   * Python: `Exchange(wallet, base_url=None, meta=None, vault_address=None, account_address=None,
   * spot_meta=None, perp_dexs=None, timeout=None)`. `wallet` is an HlWallet or a private key;
   * `base_url` a URL (default mainnet) or any Transport; `timeout` in seconds as in Python.
   */
  constructor(
    wallet: HlWallet | string,
    base_url: string | Transport | null = null,
    meta: PyMeta | null = null,
    vault_address: string | null = null,
    account_address: string | null = null,
    spot_meta: PySpotMeta | null = null,
    perp_dexs: string[] | null = null,
    timeout: number | null = null,
    options: ExchangeCompatOptions = {},
  ) {
    this.wallet = typeof wallet === "string" ? privateKeyWallet(wallet) : wallet;
    let transport: Transport;
    if (base_url !== null && typeof base_url === "object") {
      transport = base_url;
      this.base_url = "";
    } else {
      this.base_url = base_url || MAINNET_API_URL;
      transport = new HttpTransport({ url: this.base_url, ...(timeout !== null ? { timeout: timeout * 1000 } : {}) });
    }
    this.isMainnet = options.isMainnet ?? this.base_url === MAINNET_API_URL;
    this.vault_address = vault_address;
    this.account_address = account_address;
    this.compat = options;
    // Python: self.info = Info(base_url, True, meta, spot_meta, perp_dexs, timeout); names resolve through its tables.
    this.info = new Info({ transport, validation: "off" }, undefined, { meta, spot_meta, perp_dexs });
    this.client = this.runner = new CompatClient({
      wallet: this.wallet,
      transport,
      isMainnet: this.isMainnet,
      ...(options.nonces ? { nonces: options.nonces } : {}),
      ...(account_address ? { accountAddress: account_address } : {}),
      ...(options.guard ? { guard: options.guard } : {}),
    });
    this.lookup = options.lookup ?? this.info.assets;
    this.preflight = options.preflight === false ? undefined : new Preflight(this.lookup, options.preflight ?? {});
  }

  /**
   * expires_after (ms) makes the exchange reject L1 actions after that time; user-signed
   * actions ignore it (Python sends it along and they fail; we leave it out for them).
   */
  set_expires_after(expires_after: number | null): void {
    this.expires_after = expires_after;
  }

  /** Python `info.name_to_asset(name)` through the lookup. */
  protected async assetOf(name: string): Promise<number> {
    return (await this.lookup.resolve(name)).asset;
  }

  /** Signs and sends an L1 action; `vault` says whether Python signs it with self.vault_address. */
  protected l1(type: ActionType, action: Record<string, unknown>, vault: boolean, extra: ActionOptions = {}): Promise<PyResponse> {
    return this.send(type, { type, ...action }, { vaultAddress: vault ? this.vault_address : null, expiresAfter: this.expires_after, ...extra });
  }

  /** Signs and sends a user-signed action (the client fills chain, chain id, nonce / time). */
  protected userSigned(type: ActionType, action: Record<string, unknown>, extra: ActionOptions = {}): Promise<PyResponse> {
    return this.send(type, { type, ...action }, extra);
  }

  private async send(type: ActionType, action: Record<string, unknown>, options: ActionOptions): Promise<PyResponse> {
    try {
      return (await this.runner.run(type, action, options)) as PyResponse;
    } catch (e) {
      if (e instanceof ExchangeError && !this.compat.throwOnError) return { status: "err", response: e.response };
      throw e;
    }
  }
}
