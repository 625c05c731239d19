/**
 * Transport errors: the connection went away, an operation ran out of time or was aborted,
 * the server rejected a request, or sent something the SDK cannot use.
 */
import { HyperliquidError, type HyperliquidErrorOptions } from "./base.js";

/** The WebSocket connection closed (or gave up reconnecting) while an operation depended on it. */
export class WebSocketClosedError extends HyperliquidError {
  override name = "WebSocketClosedError";
  /** Close code when the socket reported one (1006 = abnormal closure). */
  readonly code: number | undefined;

  constructor(shortMessage = "WebSocket connection closed.", options: HyperliquidErrorOptions & { code?: number } = {}) {
    super(shortMessage, {
      hint: "In-flight requests are not retried automatically: their outcome is unknown. Query state before resending an action.",
      ...options,
    });
    this.code = options.code;
  }
}

/** An operation did not complete within its time limit. */
export class TimeoutError extends HyperliquidError {
  override name = "TimeoutError";
  readonly timeoutMs: number;

  constructor(operation: string, timeoutMs: number, options: HyperliquidErrorOptions = {}) {
    super(`${operation} timed out after ${timeoutMs} ms.`, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted the operation through its AbortSignal. */
export class AbortedError extends HyperliquidError {
  override name = "AbortedError";

  constructor(operation: string, options: HyperliquidErrorOptions = {}) {
    super(`${operation} was aborted.`, options);
  }
}

/** The server answered a WebSocket request (post, subscribe) with an error. */
export class WebSocketRequestError extends HyperliquidError {
  override name = "WebSocketRequestError";
  /** The server's error text. */
  readonly serverMessage: string;

  constructor(serverMessage: string, options: HyperliquidErrorOptions = {}) {
    super("The server rejected a WebSocket request.", { details: serverMessage, ...options });
    this.serverMessage = serverMessage;
  }
}

/**
 * The server sent a frame the SDK could not use: not JSON, an unknown channel, an
 * `{"channel":"error"}` frame unrelated to a request. The connection stays up.
 */
export class WebSocketProtocolError extends HyperliquidError {
  override name = "WebSocketProtocolError";
  /** The first characters of the offending frame. */
  readonly frame: string | undefined;

  constructor(shortMessage: string, options: HyperliquidErrorOptions & { frame?: string } = {}) {
    super(shortMessage, options);
    this.frame = options.frame;
  }
}

/** Base of failures in moving bytes (as opposed to answers the server gave). */
export class TransportError extends HyperliquidError {
  override name = "TransportError";
}

/**
 * The answer exceeded its size cap; the connection was dropped at the cap, so at most `limitBytes`
 * were held in memory. Raise the cap with HttpTransport's `maxResponseBytes` (per endpoint or per
 * info type) or a request's `maxResponseBytes` option.
 */
export class ResponseTooLargeError extends TransportError {
  override name = "ResponseTooLargeError";
  constructor(
    readonly url: string,
    readonly limitBytes: number,
    /** The announced Content-Length, when the server sent one. */
    readonly announcedBytes?: number,
  ) {
    super(`The answer from ${url} is larger than ${limitBytes} bytes.`, {
      details: announcedBytes === undefined ? `more than ${limitBytes} bytes received; the connection was dropped` : `Content-Length ${announcedBytes}`,
      hint: "If the answer is legitimately this big, raise HttpTransport's maxResponseBytes (e.g. { infoTypes: { userFills: 128 * 2 ** 20 } }) or the request's maxResponseBytes.",
    });
  }
}
