/**
 * ExchangeClient: one typed method per action (generated in ExchangeMethods), each validated,
 * signed and sent through a transport. Responses come back typed; rejections become typed
 * errors; a timed-out action is never re-signed (see ActionOutcomeUnknownError).
 */
import { actionSpecs, isActionType, type ActionParams, type ActionSuccess, type ActionType } from "../../generated/ts/actions.js";
import { ExchangeMethods, type ActionOptions } from "../../generated/ts/methods.js";
import { HyperliquidError, ValidationError } from "../errors/base.js";
import { ActionOutcomeUnknownError, ExchangeError } from "../errors/exchange.js";
import { AbortedError } from "../errors/transport.js";
import { parseChecked } from "../../generated/ts/parsers.js";
import { validate, type MessageName } from "../../generated/ts/validate.js";
import { signActionOf } from "../signing/action.js";
import { completeEnvelope } from "../signing/envelope.js";
import { NonceManager, type HlWallet } from "../signing/index.js";
import type { Transport } from "../transport/types.js";
import { diagnoseSignatureMismatch, type SentPayload } from "./diagnose.js";
import type { Preflight } from "./preflight.js";
import type { GuardRails } from "../guard/pipeline.js";

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
  /** Guard rails (src/guard): mode, kill switch, risk rules and the audit log around sign and send. */
  guard?: Pick<GuardRails, "execute">;
}

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
    // One sequence per signer per process unless the caller brings its own.
    this.nonces = options.nonces ?? NonceManager.shared;
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
    const guard = this.options.guard;
    // The guard gets callbacks, never the wallet; it checks before it calls sign().
    if (guard)
      return guard.execute(type, Object.assign({ type }, params, { type }), {
        sign: () => this.sign(type, params, options),
        send: (p) => this.send(type, p, options),
      });
    return this.send(type, await this.sign(type, params, options), options);
  }

  private async sign(type: ActionType, params: object, options: ActionOptions): Promise<Record<string, unknown>> {
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
    return payload;
  }

  /**
   * Resends an already signed payload exactly as it was (after an ActionOutcomeUnknownError).
   * If the first attempt did execute, the exchange refuses this one by its nonce.
   */
  async resend(payload: Record<string, unknown>, options: ActionOptions = {}): Promise<unknown> {
    const action = payload.action as { type: string };
    return this.send(action.type, payload, options);
  }

  /**
   * Sends and decodes. Only a well-formed answer settles the outcome; everything else (no
   * answer, a 5xx or 429, a cut, garbled or wrong-shaped body, an abort mid-flight) may hide an
   * executed action and becomes ActionOutcomeUnknownError with the signed payload.
   */
  private async send(type: string, payload: Record<string, unknown>, options: ActionOptions): Promise<unknown> {
    if (options.signal?.aborted) throw new AbortedError(`${type} action`, { details: "aborted before it was sent", cause: options.signal.reason });
    let body: unknown;
    let proven = false;
    try {
      // The action's own ok shape, parsed and checked in one pass; a body it declines is judged by decode().
      const own = OWN_OK.get(type);
      const parse =
        own === undefined
          ? undefined
          : (text: string): unknown => {
              const value = parseChecked(own, text);
              proven = value !== undefined;
              return value;
            };
      body = await this.transport.request("exchange", payload, { signal: options.signal, timeout: options.timeout, parse });
    } catch (e) {
      throw new ActionOutcomeUnknownError(type, payload, e);
    }
    return proven ? body : this.decode(type, payload, body);
  }

  private decode(type: string, payload: Record<string, unknown>, body: unknown): unknown {
    // Only this proves a rejection: {"status":"err","response":"<text>"}.
    if (isRecord(body) && body.status === "err" && typeof body.response === "string") {
      const text = body.response;
      const ctx = { isMainnet: this.isMainnet, walletAddress: this.wallet.address, accountAddress: this.options.accountAddress };
      throw (isSentPayload(payload) ? diagnoseSignatureMismatch(text, payload, ctx) : undefined) ?? new ExchangeError(type, text, { hint: hintFor(text) });
    }
    const problem = okShapeProblem(type, body);
    if (problem !== undefined)
      throw new ActionOutcomeUnknownError(type, payload, new HyperliquidError(`Unexpected answer to ${type}: ${preview(body)}`, { details: problem }));
    return body;
  }
}

/** The schema's ok answers; the action's own first (its error names what it expected). */
const OK_SHAPES: readonly MessageName[] = ["DefaultOk", "OrderOk", "CancelOk", "TwapOrderOk", "TwapCancelOk", "CreateSubAccountOk", "CreateVaultOk"];
/** Per action type: its own ok shape (when the schema has one), and every ok shape with its own first. */
const OWN_OK = new Map<string, MessageName>();
const SHAPES_BY_TYPE = new Map<string, readonly MessageName[]>();
for (const [type, spec] of Object.entries(actionSpecs)) {
  const own = OK_SHAPES.find((name) => name === spec.response.replace(/Response$/, "Ok"));
  if (own !== undefined) OWN_OK.set(type, own);
  SHAPES_BY_TYPE.set(type, own === undefined ? OK_SHAPES : [own, ...OK_SHAPES.filter((n) => n !== own)]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isSentPayload(p: unknown): p is SentPayload {
  if (!isRecord(p) || !isRecord(p.action) || typeof p.action.type !== "string" || typeof p.nonce !== "number") return false;
  const sig = p.signature;
  return (
    isRecord(sig) &&
    typeof sig.r === "string" &&
    sig.r.startsWith("0x") &&
    typeof sig.s === "string" &&
    sig.s.startsWith("0x") &&
    (sig.v === 27 || sig.v === 28)
  );
}

/**
 * Why `body` is not a success answer of `type` (undefined when it is): status "ok" and one of
 * the schema's ok shapes (any of them, not only the action's own: a multiSig carries its inner
 * action's, and answers of an action type were seen to change between API versions). Problems
 * inside `response.data` (e.g. an order status variant the schema does not know yet) do not
 * undo the proof that the action was processed.
 */
function okShapeProblem(type: string, body: unknown): string | undefined {
  if (!isRecord(body)) return `the answer is ${preview(body)}, not an object`;
  if (body.status !== "ok") return `status is ${preview(body.status)}: expected "ok", or "err" with a string response`;
  const names = SHAPES_BY_TYPE.get(type) ?? OK_SHAPES;
  let first: string | undefined;
  for (const name of names) {
    const fatal = validate(name, body).filter((i) => !i.path.startsWith("response.data."));
    if (fatal.length === 0) return undefined;
    first ??= fatal.map((i) => `${i.path || "(root)"}: expected ${i.expected}`).join("; ");
  }
  return first ?? "response: expected an ok answer of the schema";
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function hintFor(text: string): string | undefined {
  if (/nonce/i.test(text)) return "Nonces must be unique per signer and within the exchange's time window; use one NonceManager per signer.";
  if (/insufficient|margin/i.test(text)) return "Check the account's withdrawable balance and leverage.";
  if (/tick|divisible|significant/i.test(text)) return "Round prices to 5 significant figures and the asset's decimals (see the price helpers).";
  return undefined;
}
