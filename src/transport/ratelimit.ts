/**
 * Client-side model of Hyperliquid's IP weight budget (1200 per minute): a token bucket that
 * refills continuously. Info requests cost their schema weight (generated registry), exchange
 * actions 1 + floor(batch / 40). Callers wait for budget instead of getting 429s (and bans).
 */
import { explorerEndpoints, infoEndpoints } from "../../generated/ts/registry.js";
import { AbortedError } from "../errors/transport.js";
import { abortableSleep } from "./sleep.js";
import type { Endpoint } from "./types.js";

export interface RateLimiterOptions {
  /** Weight per window (default 1200). */
  capacity?: number;
  /** Window in ms (default 60 000). */
  windowMs?: number;
  now?: () => number;
  /** Told when a request has to wait. */
  onThrottle?: (waitMs: number, weight: number) => void;
}

const WEIGHTS: Record<string, number> = Object.fromEntries(
  [...Object.values(infoEndpoints), ...Object.values(explorerEndpoints)].map((e) => {
    const ep = e as { type: string; weight?: number };
    return [ep.type, ep.weight ?? 20];
  }),
);

/** Weight of a request body on an endpoint. */
export function requestWeight(endpoint: Endpoint, body: unknown): number {
  const b = body as { type?: string; action?: { orders?: unknown[]; cancels?: unknown[]; modifies?: unknown[] } } | null;
  if (endpoint === "exchange") {
    const batch = b?.action?.orders?.length ?? b?.action?.cancels?.length ?? b?.action?.modifies?.length ?? 0;
    return 1 + Math.floor(batch / 40);
  }
  return WEIGHTS[b?.type ?? ""] ?? 20;
}

export class RateLimiter {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly now: () => number;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: RateLimiterOptions = {}) {
    this.capacity = options.capacity ?? 1200;
    this.perMs = this.capacity / (options.windowMs ?? 60_000);
    this.now = options.now ?? Date.now;
    this.tokens = this.capacity;
    this.last = this.now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (t - this.last) * this.perMs);
    this.last = t;
  }

  /** Remaining weight right now. */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Waits (FIFO) until `weight` fits in the budget, then spends it. */
  acquire(weight: number, signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(Math.min(weight, this.capacity), signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(weight: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new AbortedError("rate-limit wait");
      this.refill();
      if (this.tokens >= weight) {
        this.tokens -= weight;
        return;
      }
      const wait = Math.ceil((weight - this.tokens) / this.perMs);
      this.options.onThrottle?.(wait, weight);
      await abortableSleep(wait, signal, "rate-limit wait");
    }
  }

  /** A `beforeRequest` hook for {@link HttpTransport}. */
  hook(): (endpoint: Endpoint, body: unknown, signal?: AbortSignal) => Promise<void> {
    return (endpoint, body, signal) => this.acquire(requestWeight(endpoint, body), signal);
  }
}
