/**
 * HTTP transport on undici: a keep-alive pool per origin, one deadline per call, size-capped
 * bodies, and retries with exponential backoff and full jitter on 429, 5xx and network errors —
 * for info/explorer only. A signed exchange action is never re-sent by the transport: the
 * exchange client decides (see ActionOutcomeUnknownError).
 */
import { Agent } from "undici";
import { ApiError, NetworkError, RateLimitError } from "../../errors/api.js";
import { HyperliquidError } from "../../errors/base.js";
import { AbortedError, ResponseTooLargeError, TimeoutError } from "../../errors/transport.js";
import { abortableSleep, MAX_TIMER_MS } from "../sleep.js";
import { onAbort } from "../ws/abort.js";
import type { Endpoint, Transport, TransportRequestOptions } from "../types.js";
import { CappedBody, type Abortable, type CappedResponse } from "./capped-body.js";
import { limitsOf, type ResponseLimits } from "./limits.js";
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

/** Where an endpoint's requests go, computed once per transport. */
interface Target {
  url: string;
  origin: string;
  path: string;
}

const JSON_HEADERS = { "content-type": "application/json" };

/**
 * One call's deadline and abort state, shared by its attempts and waits. The request in flight
 * is aborted directly; an AbortSignal is only made when a hook or a retry wait needs one (an
 * AbortController per call cost ~15 µs of an 80 µs loopback POST).
 */
class Call {
  timedOut = false;
  /** Why the call was aborted (deadline or caller), once it was. */
  reason: Error | undefined;
  inflight: Abortable | undefined;
  private controller: AbortController | undefined;

  constructor(
    readonly timeoutMs: number,
    readonly deadline: number,
    private readonly caller: AbortSignal | undefined,
  ) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: Error): void {
    if (this.reason) return;
    this.reason = reason;
    this.inflight?.abort(reason);
    this.controller?.abort(reason);
  }

  callerAborted(): boolean {
    return this.caller?.aborted === true;
  }
}

function onDeadline(call: Call): void {
  call.timedOut = true;
  call.abort(new DOMException("The operation timed out.", "TimeoutError"));
}

/** undici and AbortSignal want an Error; a caller may abort with any value. */
const asError = (reason: unknown): Error => (reason instanceof Error ? reason : new DOMException("This operation was aborted", "AbortError"));

export class HttpTransport implements Transport {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  private readonly retry: Required<RetryOptions>;
  private readonly limit: (endpoint: Endpoint, body: unknown) => number;
  private readonly targets = new Map<Endpoint, Target>();

  constructor(private readonly options: HttpTransportOptions) {
    this.retry = { attempts: 4, baseMs: 200, capMs: 5000, ...options.retry };
    this.limit = limitsOf(options.maxResponseBytes);
  }

  async request(endpoint: Endpoint, body: unknown, options: TransportRequestOptions = {}): Promise<unknown> {
    const retry = this.retry;
    const attempts = endpoint === "exchange" ? 1 : Math.max(1, retry.attempts);
    const payload = JSON.stringify(body);
    const limit = options.maxResponseBytes ?? this.limit(endpoint, body);
    const timeoutMs = options.timeout ?? this.options.timeout ?? 10_000;
    const caller = options.signal;
    const call = new Call(timeoutMs, Date.now() + timeoutMs, caller);
    // One timer per call, cleared on completion, not AbortSignal.timeout(): that one keeps its
    // timer and signal alive for the whole timeout after the request ended (10 s × the request
    // rate), so they get promoted (a bare undici loop with it had 25–32 ms major GCs). The
    // caller's signal is forwarded through one listener per signal however many requests share
    // it (ws/abort.ts).
    const timer = setTimeout(onDeadline, clampTimer(timeoutMs), call);
    let unforward: (() => void) | undefined;
    if (caller) {
      const forward = (): void => call.abort(asError(caller.reason));
      if (caller.aborted) forward();
      else unforward = onAbort(caller, forward);
    }
    const target = this.target(endpoint);
    const url = target.url;
    let last: unknown;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          if (this.options.beforeRequest) await this.options.beforeRequest(endpoint, body, call.signal);
          return await this.once(target, payload, limit, call, options.parse);
        } catch (e) {
          const error = withLastAnswer(this.settle(e, url, call), url, last, attempt);
          last = error;
          const retriable = error instanceof RateLimitError || error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
          if (!retriable || attempt >= attempts) throw error;
          const backoff = Math.min(retry.capMs, retry.baseMs * 2 ** (attempt - 1)) * (this.options.random ?? Math.random)();
          const wait = error instanceof RateLimitError && error.retryAfterMs !== undefined ? Math.max(backoff, error.retryAfterMs) : backoff;
          // A wait that outlives the deadline fails now, saying when to come back.
          if (Date.now() + wait >= call.deadline) {
            if (error instanceof RateLimitError && error.retryAfterMs !== undefined)
              throw new RateLimitError(error.body, url, error.retryAfterMs, { exceedsDeadline: true });
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

  private target(endpoint: Endpoint): Target {
    let target = this.targets.get(endpoint);
    if (!target) {
      const origin = endpoint === "explorer" ? (this.options.explorerUrl ?? this.options.url) : this.options.url;
      const url = `${origin.replace(/\/$/, "")}/${endpoint}`;
      // An unparsable URL fails in `once` (as a NetworkError naming it), not here.
      const parsed = URL.canParse(url) ? new URL(url) : undefined;
      target = { url, origin: parsed?.origin ?? "", path: parsed ? parsed.pathname + parsed.search : "" };
      this.targets.set(endpoint, target);
    }
    return target;
  }

  /** Names an abort for what it was: the caller's, or this call's deadline. */
  private settle(e: unknown, url: string, call: Call): unknown {
    if (e instanceof TimeoutError || e instanceof ApiError || e instanceof ResponseTooLargeError) return e;
    if (call.callerAborted()) return e instanceof AbortedError ? e : new AbortedError(`POST ${url}`, { cause: e });
    if (call.timedOut) return new TimeoutError(`POST ${url}`, call.timeoutMs, { cause: e });
    return e;
  }

  private async once(target: Target, payload: string, limit: number, call: Call, parse: TransportRequestOptions["parse"]): Promise<unknown> {
    const url = target.url;
    let res: CappedResponse;
    try {
      res = await new Promise<CappedResponse>((resolve, reject) => {
        if (call.reason) return reject(call.reason);
        if (!target.origin) return reject(new TypeError(`Invalid URL: ${url}`));
        const handler = new CappedBody(limit, url, resolve, reject);
        call.inflight = handler;
        this.agent.dispatch({ origin: target.origin, path: target.path, method: "POST", body: payload, headers: JSON_HEADERS }, handler);
      });
    } catch (e) {
      throw e instanceof ResponseTooLargeError ? e : this.failed(e, url, call);
    } finally {
      call.inflight = undefined;
    }
    const text = res.text;
    if (res.statusCode === 429) throw new RateLimitError(text, url, parseRetryAfter(res.retryAfter));
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
    if (call.timedOut) return new TimeoutError(`POST ${url}`, call.timeoutMs, { cause: e });
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
  return new TimeoutError(`POST ${url}`, error.timeoutMs, {
    cause: last,
    details: `${attempt} attempts; attempt ${attempt - 1} failed with ${last.name}: ${last.shortMessage}`,
  });
}

/** setTimeout fires at once beyond 2^31-1 ms; a longer deadline is as good as that. */
function clampTimer(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.min(Math.max(0, ms), MAX_TIMER_MS);
}
