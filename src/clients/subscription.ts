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
import { subscriptionEndpoints } from "../../generated/ts/registry.js";
import { SubscriptionMethods, type SubscribeOptions } from "../../generated/ts/methods.js";
import { validate, type Issue, type MessageName } from "../../generated/ts/validate.js";
import { WebSocketManager, type WebSocketManagerOptions } from "../transport/ws/index.js";
import type { ValidationMode } from "./info.js";

export interface SubscriptionClientOptions extends Omit<WebSocketManagerOptions, "validate"> {
  /** Use an existing manager (its own validation applies). */
  manager?: WebSocketManager;
  /**
   * "strict": an invalid message is not delivered (an "error" event is emitted);
   * "warn" (default): reported to `onValidationIssues` and delivered; "off": not checked.
   */
  validation?: ValidationMode;
  onValidationIssues?: (type: string, issues: Issue[]) => void;
}

const MESSAGES = new Map<string, MessageName>(Object.values(subscriptionEndpoints).map((e) => [(e as { type: string }).type, (e as { message: string }).message as MessageName]));

/** Issues of a pushed payload for the subscription type it belongs to. */
export function validateSubscriptionMessage(subscriptionType: string, data: unknown): Issue[] {
  const message = MESSAGES.get(subscriptionType);
  return message ? validate(message, data) : [];
}

export class SubscriptionClient extends SubscriptionMethods {
  readonly manager: WebSocketManager;

  constructor(options: SubscriptionClientOptions = {}) {
    super();
    const mode = options.validation ?? "warn";
    const report = options.onValidationIssues ?? ((type, issues) => console.warn(`hyperliquid-sdk: ${type} message differs from the schema:`, issues.slice(0, 5)));
    const validateOption =
      mode === "off"
        ? undefined
        : (_channel: string, data: unknown, type: string): Issue[] => {
            const issues = validateSubscriptionMessage(type, data);
            if (mode === "strict") return issues;
            if (issues.length) report(type, issues);
            return [];
          };
    this.manager = options.manager ?? new WebSocketManager({ ...options, ...(validateOption ? { validate: validateOption } : {}) });
  }

  protected override subscribe<K extends keyof typeof subscriptionEndpoints>(_type: K, subscription: unknown, options?: SubscribeOptions): AsyncIterable<never> & { unsubscribe(): Promise<void> } {
    const stream = this.manager.stream<never>(subscription as never, options?.signal ? { signal: options.signal } : {});
    return {
      [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
      unsubscribe: async () => {
        await stream.unsubscribe();
      },
    };
  }

  /** Closes every connection; open iterators end. */
  async close(): Promise<void> {
    await this.manager.close();
  }
}
