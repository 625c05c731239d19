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
  constructor(
    body: string,
    url: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(429, body, url, { hint: "Slow down: Hyperliquid allows 1200 weight per minute per IP (the client-side limiter models it)." });
  }
}
