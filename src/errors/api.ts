/** HTTP-level errors of the transports. */
import { HyperliquidError, type HyperliquidErrorOptions } from "./base.js";

/** The request never got an HTTP answer (DNS, refused, reset). */
export class NetworkError extends HyperliquidError {
  override name = "NetworkError";
  constructor(url: string, options: HyperliquidErrorOptions = {}) {
    super(`Network error calling ${url}.`, { hint: "Check the URL and your connection; info requests are retried automatically.", ...options });
  }
}

/** A non-2xx answer. */
export class ApiError extends HyperliquidError {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly body: string,
    url: string,
    options: HyperliquidErrorOptions = {},
  ) {
    super(`HTTP ${status} from ${url}.`, { details: body.length > 300 ? `${body.slice(0, 297)}...` : body, ...options });
  }
}

/** HTTP 429: the IP's weight budget is spent. */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
  /** When the server said to come back (epoch ms), from Retry-After. */
  readonly retryAt: number | undefined;
  constructor(
    body: string,
    url: string,
    /** Retry-After in ms (seconds or HTTP-date form), undefined when absent or unusable. */
    readonly retryAfterMs: number | undefined,
    options: { now?: number; exceedsDeadline?: boolean } = {},
  ) {
    const retryAt = retryAfterMs === undefined ? undefined : (options.now ?? Date.now()) + retryAfterMs;
    let when = "";
    if (retryAfterMs !== undefined && retryAt !== undefined) {
      when = ` The server asks to retry after ${Math.ceil(retryAfterMs / 1000)} s (at ${new Date(retryAt).toISOString()})`;
      when += options.exceedsDeadline ? ", later than this call's deadline, so it was not waited for." : ".";
    }
    super(429, body, url, { hint: `Slow down: Hyperliquid allows 1200 weight per minute per IP (the client-side limiter models it).${when}` });
    this.retryAt = retryAt;
  }
}
