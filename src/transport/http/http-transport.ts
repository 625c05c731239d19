/**
 * HTTP transport on undici: a keep-alive pool per origin, one deadline and an AbortSignal per
 * call, size-capped bodies, and retries with exponential backoff and full jitter on 429, 5xx
 * and network errors — for info/explorer only. A signed exchange action is never re-sent by the
 * transport: the exchange client decides (see ActionOutcomeUnknownError).
 */
import { Agent, request, type Dispatcher } from "undici";
import { ApiError, NetworkError, RateLimitError } from "../../errors/api.js";
import { HyperliquidError } from "../../errors/base.js";
import { AbortedError, ResponseTooLargeError, TimeoutError } from "../../errors/transport.js";
import { abortableSleep, MAX_TIMER_MS } from "../sleep.js";
import { onAbort } from "../ws/abort.js";
import type { Endpoint, Transport, TransportRequestOptions } from "../types.js";
import { responseLimit, type ResponseLimits } from "./limits.js";
import { parseRetryAfter } from "./retry-after.js";

export type { ResponseLimits } from "./limits.js";

export interface RetryOptions {
  /** Attempts in total, including the first (default 4). */
  attempts?: number;
  /** First backoff in ms (default 200). */
  baseMs?: number;
  /** Largest backoff in ms (default 5000). */
  capMs?: number;
}

export interface HttpTransportOptions {
  /** API origin, e.g. https://api.hyperliquid.xyz or http://127.0.0.1:3001. */
  url: string;
  /** Explorer origin (defaults to `url`). */
  explorerUrl?: string;
  /**
   * Default deadline of a whole call in ms (default 10 000): every attempt, retry wait and
   * rate-limit wait included, and the body to its last byte (a dripping body cannot extend it).
   */
  timeout?: number;
  retry?: RetryOptions;
  /**
   * Largest answer accepted, counted while streaming; the connection is dropped at the cap with
   * ResponseTooLargeError. A number caps everything; default 2 MiB for exchange, 8 MiB for info,
   * 64 MiB for history-like info types (see limits.ts), 16 MiB for the explorer.
   */
  maxResponseBytes?: number | ResponseLimits;
  /** Called before a request is sent (e.g. a rate limiter that waits). */
  beforeRequest?: (endpoint: Endpoint, body: unknown, signal?: AbortSignal) => Promise<void> | void;
  random?: () => number;
}

/** One call's deadline and abort state, shared by its attempts and waits. */
interface Call {
  signal: AbortSignal;
  deadline: number;
  timeoutMs: number;
  timedOut: () => boolean;
  callerAborted: () => boolean;
}

export class HttpTransport implements Transport {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  constructor(private readonly options: HttpTransportOptions) {}

  async request(endpoint: Endpoint, body: unknown, options: TransportRequestOptions = {}): Promise<unknown> {
    const retry = { attempts: 4, baseMs: 200, capMs: 5000, ...this.options.retry };
    const attempts = endpoint === "exchange" ? 1 : Math.max(1, retry.attempts);
    const payload = JSON.stringify(body);
    const limit = options.maxResponseBytes ?? responseLimit(this.options.maxResponseBytes, endpoint, body);
    const timeoutMs = options.timeout ?? this.options.timeout ?? 10_000;
    // One controller and timer per call, cleared on completion, not AbortSignal.timeout(): that
    // one keeps its timer and signal alive for the whole timeout after the request ended
    // (10 s × the request rate), so they get promoted (a bare undici loop with it had 25–32 ms
    // major GCs). The caller's signal is forwarded through one listener per signal however many
    // requests share it (ws/abort.ts).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
    }, clampTimer(timeoutMs));
    const caller = options.signal;
    const forward = (): void => controller.abort(caller?.reason);
    const unforward = caller?.aborted ? (forward(), undefined) : caller ? onAbort(caller, forward) : undefined;
    const call: Call = { signal: controller.signal, deadline: Date.now() + timeoutMs, timeoutMs, timedOut: () => timedOut, callerAborted: () => caller?.aborted === true };
    const url = this.url(endpoint);
    let last: unknown;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.options.beforeRequest?.(endpoint, body, call.signal);
          return await this.once(url, payload, limit, call, options.parse);
        } catch (e) {
          const error = withLastAnswer(this.settle(e, url, call), url, last, attempt);
          last = error;
          const retriable = error instanceof RateLimitError || error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
          if (!retriable || attempt >= attempts) throw error;
          const backoff = Math.min(retry.capMs, retry.baseMs * 2 ** (attempt - 1)) * (this.options.random ?? Math.random)();
          const wait = error instanceof RateLimitError && error.retryAfterMs !== undefined ? Math.max(backoff, error.retryAfterMs) : backoff;
          // A wait that outlives the deadline fails now, saying when to come back.
          if (Date.now() + wait >= call.deadline) {
            if (error instanceof RateLimitError && error.retryAfterMs !== undefined) throw new RateLimitError(error.body, url, error.retryAfterMs, { exceedsDeadline: true });
            throw error;
          }
          try {
            await abortableSleep(wait, call.signal, "retry wait");
          } catch (slept) {
            throw this.settle(slept, url, call);
          }
        }
      }
    } finally {
      clearTimeout(timer);
      unforward?.();
    }
  }

  private url(endpoint: Endpoint): string {
    const origin = endpoint === "explorer" ? (this.options.explorerUrl ?? this.options.url) : this.options.url;
    return `${origin.replace(/\/$/, "")}/${endpoint}`;
  }

  /** Names an abort for what it was: the caller's, or this call's deadline. */
  private settle(e: unknown, url: string, call: Call): unknown {
    if (e instanceof TimeoutError || e instanceof ApiError || e instanceof ResponseTooLargeError) return e;
    if (call.callerAborted()) return e instanceof AbortedError ? e : new AbortedError(`POST ${url}`, { cause: e });
    if (call.timedOut()) return new TimeoutError(`POST ${url}`, call.timeoutMs, { cause: e });
    return e;
  }

  private async once(url: string, payload: string, limit: number, call: Call, parse: TransportRequestOptions["parse"]): Promise<unknown> {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, { method: "POST", body: payload, headers: { "content-type": "application/json" }, dispatcher: this.agent, signal: call.signal });
    } catch (e) {
      throw this.failed(e, url, call);
    }
    let text: string;
    try {
      text = await readCapped(res, limit, url);
    } catch (e) {
      throw e instanceof ResponseTooLargeError ? e : this.failed(e, url, call);
    }
    if (res.statusCode === 429) throw new RateLimitError(text, url, parseRetryAfter(res.headers["retry-after"]));
    if (res.statusCode < 200 || res.statusCode >= 300) throw new ApiError(res.statusCode, text, url);
    try {
      const parsed = parse?.(text);
      return parsed !== undefined ? parsed : (JSON.parse(text) as unknown);
    } catch (e) {
      throw new ApiError(res.statusCode, text, url, { cause: e, hint: "The answer was not JSON: is the URL an API origin?" });
    }
  }

  private failed(e: unknown, url: string, call: Call): Error {
    if (call.callerAborted()) return new AbortedError(`POST ${url}`, { cause: e });
    if (call.timedOut()) return new TimeoutError(`POST ${url}`, call.timeoutMs, { cause: e });
    return new NetworkError(url, { cause: e, details: e instanceof Error ? e.message : String(e) });
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** A deadline hit during a retry names the previous attempt's failure (e.g. the 503s before it). */
function withLastAnswer(error: unknown, url: string, last: unknown, attempt: number): unknown {
  if (!(error instanceof TimeoutError) || !(last instanceof HyperliquidError)) return error;
  return new TimeoutError(`POST ${url}`, error.timeoutMs, { cause: last, details: `${attempt} attempts; attempt ${attempt - 1} failed with ${last.name}: ${last.shortMessage}` });
}

/** setTimeout fires at once beyond 2^31-1 ms; a longer deadline is as good as that. */
function clampTimer(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.min(Math.max(0, ms), MAX_TIMER_MS);
}

/**
 * The body as text, at most `limit` bytes: an announced Content-Length over the cap fails before
 * reading; otherwise bytes are counted per chunk and the body destroyed (the socket dropped) as
 * soon as the count passes the cap.
 */
async function readCapped(res: Dispatcher.ResponseData, limit: number, url: string): Promise<string> {
  const announced = Number(res.headers["content-length"]);
  if (Number.isFinite(announced) && announced > limit) {
    res.body.destroy();
    throw new ResponseTooLargeError(url, limit, announced);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    const buf: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) {
      res.body.destroy();
      throw new ResponseTooLargeError(url, limit);
    }
    chunks.push(buf);
  }
  const [only] = chunks;
  return chunks.length === 1 && only ? only.toString("utf8") : Buffer.concat(chunks, size).toString("utf8");
}
