/**
 * SubscriptionClient: one typed method per WebSocket subscription (generated in
 * SubscriptionMethods), each an async iterable over the connection manager: reconnects and
 * resubscribes by itself, bounded buffers, typed messages checked against the schema.
 *
 * ```ts
 * const subs = new SubscriptionClient({ url: "ws://127.0.0.1:3001/ws" });
 * for await (const trades of subs.trades({ coin: "BTC" })) console.log(trades);
 * ```
 */
import { subscriptionEndpoints, type SubscriptionEndpoints } from "../../generated/ts/registry.js";
import { SubscriptionMethods, type SubscribeOptions } from "../../generated/ts/methods.js";
import { checkValue } from "../../generated/ts/parsers.js";
import type { Issue, MessageName } from "../../generated/ts/names.js";
import type { ActiveAssetCtxMessage, ActiveSpotAssetCtxMessage } from "../../generated/ts/types.js";
import { ValidationError, type HyperliquidError } from "../errors/base.js";
import { WebSocketManager, type SubscriptionHandle, type Subscription, type WebSocketManagerOptions } from "../transport/ws/index.js";
import type { ValidationMode } from "./info.js";
import { isSpotCoin } from "./metadata.js";

export interface SubscriptionClientOptions extends Omit<WebSocketManagerOptions, "validate"> {
  /** Use an existing manager (its own validation applies). */
  manager?: WebSocketManager;
  /**
   * "strict": an invalid message is not delivered (an "error" event is emitted);
   * "warn" (default): reported to `onValidationIssues` and delivered; "off": not checked.
   */
  validation?: ValidationMode;
  onValidationIssues?: (type: string, issues: Issue[]) => void;
  /**
   * Runs for each iterator after a reconnect, in stream order: after the last message of the
   * old socket was read and before the first of the new one (the fresh snapshot). Use it to
   * reset state built from earlier messages.
   */
  onReconnected?: (subscription: Readonly<Subscription>) => void;
}

/** Options of the callback API ({@link SubscriptionClient.listen}). */
export interface ListenOptions {
  /** Aborting unsubscribes. */
  signal?: AbortSignal;
  /** After a reconnect, before the fresh snapshot: reset state built from earlier messages. */
  onReconnected?: () => void;
  /** The subscription ended for good (reconnects exhausted, or refused by the server). */
  onError?: (error: HyperliquidError) => void;
}

/** Params of a subscription type (its object without `type`). */
export type SubscriptionParams<K extends keyof SubscriptionEndpoints> = Omit<SubscriptionEndpoints[K]["request"], "type">;
/** Message pushed for a subscription type. */
export type SubscriptionMessage<K extends keyof SubscriptionEndpoints> = SubscriptionEndpoints[K]["message"];

const ENDPOINTS: readonly { readonly type: string; readonly message: MessageName }[] = Object.values(subscriptionEndpoints);
const MESSAGES = new Map<string, MessageName>(ENDPOINTS.map((e) => [e.type, e.message]));

/**
 * Issues of a pushed payload for the subscription type it belongs to (the generated parser of
 * its message, run on the payload's JSON, explains what is wrong: no separate validator).
 */
export function validateSubscriptionMessage(subscriptionType: string, data: unknown): Issue[] {
  const message = MESSAGES.get(subscriptionType);
  return (message && checkValue(message, data)) || [];
}

export class SubscriptionClient extends SubscriptionMethods {
  readonly manager: WebSocketManager;
  readonly #onReconnected: ((subscription: Readonly<Subscription>) => void) | undefined;

  constructor(options: SubscriptionClientOptions = {}) {
    super();
    const mode = options.validation ?? "warn";
    const report =
      options.onValidationIssues ?? ((type, issues) => console.warn(`hyperliquid-sdk: ${type} message differs from the schema:`, issues.slice(0, 5)));
    const validateOption =
      mode === "off"
        ? undefined
        : (_channel: string, data: unknown, type: string, schemaChecked: boolean): Issue[] => {
            // The fast path checked this payload against the same schema while parsing it.
            if (schemaChecked) return [];
            const issues = validateSubscriptionMessage(type, data);
            if (mode === "strict") return issues;
            if (issues.length) report(type, issues);
            return [];
          };
    this.manager = options.manager ?? new WebSocketManager({ ...options, ...(validateOption ? { validate: validateOption } : {}) });
    this.#onReconnected = options.onReconnected;
  }

  /**
   * The callback API: calls `listener` with every message of the subscription (the typed
   * methods such as `l2Book()` are the async-iterator API). Identical subscriptions share one
   * server subscription. Stop with `handle.unsubscribe()` or `options.signal`.
   *
   * @example
   * const handle = subs.listen("l2Book", { coin: "BTC" }, (book) => render(book), { onReconnected: () => reset() });
   * handle.unsubscribe();
   */
  listen<K extends keyof SubscriptionEndpoints>(
    type: K,
    params: SubscriptionParams<K>,
    listener: (message: SubscriptionMessage<K>) => void,
    options: ListenOptions = {},
  ): SubscriptionHandle {
    return this.manager.subscribe<SubscriptionMessage<K>>({ ...(params as object), type } as Subscription, listener, options);
  }

  protected override subscribe<K extends keyof typeof subscriptionEndpoints>(
    _type: K,
    subscription: unknown,
    options?: SubscribeOptions,
  ): AsyncIterable<never> & { unsubscribe(): Promise<void>; readonly overflow: number; readonly size: number; readonly active: boolean } {
    const hook = this.#onReconnected;
    const sub = subscription as Subscription;
    const stream = this.manager.stream<never>(sub, {
      ...(options?.signal ? { signal: options.signal } : {}),
      ...(hook ? { onReconnected: () => hook(stream.subscription as Subscription) } : {}),
    });
    return {
      [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
      unsubscribe: async () => {
        stream.unsubscribe();
      },
      get overflow() {
        return stream.overflow;
      },
      get size() {
        return stream.size;
      },
      get active() {
        return stream.active;
      },
    };
  }

  /**
   * `activeAssetCtx` on a spot coin ("@107", "PURR/USDC"), typed as the spot context the
   * exchange pushes on channel `activeSpotAssetCtx` (circulating supply, no funding). A perp coin
   * is refused here: its contexts never arrive on that channel.
   *
   * @example
   * for await (const { ctx } of subs.activeSpotAssetCtx({ coin: "PURR/USDC" })) console.log(ctx.circulatingSupply);
   */
  activeSpotAssetCtx(params: { coin: string }, options?: SubscribeOptions): AsyncIterable<ActiveSpotAssetCtxMessage> & { unsubscribe(): Promise<void> } {
    if (typeof params.coin !== "string" || !isSpotCoin(params.coin))
      throw new ValidationError("activeSpotAssetCtx subscription", [
        { path: "coin", value: params.coin, expected: 'a spot coin: "@<pair index>" or "BASE/QUOTE" (perp contexts: activeAssetCtx)' },
      ]);
    const inner = this.activeAssetCtx(params, options);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const message of inner) if (isSpotContext(message)) yield message;
      },
      unsubscribe: () => inner.unsubscribe(),
    };
  }

  /** Closes every connection; open iterators end. */
  async close(): Promise<void> {
    await this.manager.close();
  }
}

/** The spot member of the activeAssetCtx union: spot contexts carry a circulating supply, perp ones funding. */
function isSpotContext(message: ActiveAssetCtxMessage): message is ActiveSpotAssetCtxMessage {
  return "circulatingSupply" in message.ctx;
}
