/**
 * ExchangeClient: one typed method per action (generated in ExchangeMethods), each validated,
 * signed and sent through a transport. Responses come back typed; rejections become typed
 * errors; a timed-out action is never re-signed (see ActionOutcomeUnknownError).
 */
import { isActionType, type ActionParams, type ActionSuccess, type ActionType } from "../../generated/ts/actions.js";
import { ExchangeMethods, type ActionOptions } from "../../generated/ts/methods.js";
import { ValidationError } from "../errors/base.js";
import { ActionOutcomeUnknownError, ExchangeError } from "../errors/exchange.js";
import { signActionOf } from "../signing/action.js";
import { completeEnvelope } from "../signing/envelope.js";
import { NonceManager, type HlWallet } from "../signing/index.js";
import type { Transport } from "../transport/types.js";
import { diagnoseSignatureMismatch, type SentPayload } from "./diagnose.js";
import type { Preflight } from "./preflight.js";

export interface ExchangeClientOptions {
  wallet: HlWallet;
  transport: Transport;
  /** Signs for mainnet (phantom agent "a", hyperliquidChain "Mainnet") or testnet. */
  isMainnet: boolean;
  /** The account traded for when `wallet` is an approved agent (for diagnostics). */
  accountAddress?: string;
  /** Default vault / sub-account for L1 actions. */
  vaultAddress?: string | null;
  /** Default expiresAfter (ms timestamp) for L1 actions, or a function giving one per call. */
  expiresAfter?: number | null | (() => number | null);
  /** Chain id of user-signed actions' EIP-712 domain (default 0x66eee, as the official SDK). */
  signatureChainId?: string;
  nonces?: NonceManager;
  /** Opt-in pre-flight checks of orders (coin, size, price rules, mid band) before signing. */
  preflight?: Pick<Preflight, "checkAction">;
}

const TIMEOUT_LIKE = new Set(["TimeoutError", "NetworkError", "WebSocketClosedError"]);

export class ExchangeClient extends ExchangeMethods {
  readonly wallet: HlWallet;
  readonly isMainnet: boolean;
  private readonly transport: Transport;
  private readonly options: ExchangeClientOptions;
  readonly nonces: NonceManager;

  constructor(options: ExchangeClientOptions) {
    super();
    this.options = options;
    this.wallet = options.wallet;
    this.transport = options.transport;
    this.isMainnet = options.isMainnet;
    this.nonces = options.nonces ?? new NonceManager();
  }

  /** Completes the envelope, validates, signs, sends and decodes an action; an error answer is thrown. */
  protected override async execute<K extends ActionType>(type: K, params: ActionParams[K], options: ActionOptions = {}): Promise<ActionSuccess[K]> {
    // decode() has checked `status: "ok"`, the one thing that separates ActionSuccess from the wire response.
    return (await this.executeAction(type, params, options)) as ActionSuccess[K];
  }

  /**
   * {@link execute} for an action built at run time (the Python-compatible layer): `params`
   * is validated against `type`'s schema before anything is signed.
   */
  protected async executeAction(type: ActionType, params: object, options: ActionOptions = {}): Promise<unknown> {
    if (!isActionType(type)) throw new ValidationError("action", [{ path: "type", value: type, expected: "a known action type" }]);
    if (this.options.preflight) {
      const draft: Record<string, unknown> = { type };
      await this.options.preflight.checkAction(type, Object.assign(draft, params, { type }));
    }
    const nonce = options.nonce ?? this.nonces.next(this.wallet.address);
    const expires = typeof this.options.expiresAfter === "function" ? this.options.expiresAfter() : this.options.expiresAfter;
    const envelope = completeEnvelope(type, params, {
      isMainnet: this.isMainnet,
      nonce,
      signatureChainId: this.options.signatureChainId,
      vaultAddress: options.vaultAddress !== undefined ? options.vaultAddress : this.options.vaultAddress,
      expiresAfter: options.expiresAfter !== undefined ? options.expiresAfter : expires,
    });
    const signed = await signActionOf(type, { wallet: this.wallet, ...envelope, isMainnet: this.isMainnet });
    const payload: Record<string, unknown> = { action: signed.action, nonce: signed.nonce, signature: signed.signature };
    if (signed.vaultAddress) payload.vaultAddress = signed.vaultAddress;
    if (signed.expiresAfter !== undefined) payload.expiresAfter = signed.expiresAfter;
    return this.send(type, payload, options);
  }

  /**
   * Resends an already signed payload exactly as it was (after an ActionOutcomeUnknownError).
   * If the first attempt did execute, the exchange refuses this one by its nonce.
   */
  async resend(payload: Record<string, unknown>, options: ActionOptions = {}): Promise<unknown> {
    const action = payload.action as { type: string };
    return this.send(action.type, payload, options);
  }

  private async send(type: string, payload: Record<string, unknown>, options: ActionOptions): Promise<unknown> {
    let body: unknown;
    try {
      body = await this.transport.request("exchange", payload, { signal: options.signal, timeout: options.timeout });
    } catch (e) {
      if (e instanceof Error && TIMEOUT_LIKE.has(e.name)) throw new ActionOutcomeUnknownError(type, payload, e);
      throw e;
    }
    return this.decode(type, payload, body);
  }

  private decode(type: string, payload: Record<string, unknown>, body: unknown): unknown {
    const res = body as { status?: unknown; response?: unknown } | null;
    if (res && res.status === "err") {
      const text = typeof res.response === "string" ? res.response : JSON.stringify(res.response);
      throw (
        diagnoseSignatureMismatch(text, payload as unknown as SentPayload, { isMainnet: this.isMainnet, walletAddress: this.wallet.address, accountAddress: this.options.accountAddress }) ??
        new ExchangeError(type, text, { hint: hintFor(text) })
      );
    }
    if (!res || res.status !== "ok") throw new ExchangeError(type, `unexpected response ${JSON.stringify(body)?.slice(0, 200)}`);
    return body;
  }
}

function hintFor(text: string): string | undefined {
  if (/nonce/i.test(text)) return "Nonces must be unique per signer and within the exchange's time window; use one NonceManager per signer.";
  if (/insufficient|margin/i.test(text)) return "Check the account's withdrawable balance and leverage.";
  if (/tick|divisible|significant/i.test(text)) return "Round prices to 5 significant figures and the asset's decimals (see the price helpers).";
  return undefined;
}
