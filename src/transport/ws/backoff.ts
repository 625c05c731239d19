/** Reconnect delays: exponential backoff with full jitter. */

export interface BackoffOptions {
  /** Delay scale of the first retry in ms (default 500). */
  baseMs?: number;
  /** Upper bound of any delay in ms (default 30 000). */
  capMs?: number;
  /**
   * Give up after this many consecutive failed attempts (default Infinity: never). A socket that
   * opens but closes within 5 s without delivering data counts as failed (close.ts STABLE_MS).
   */
  maxAttempts?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 500, capMs: 30_000, maxAttempts: Infinity };

/**
 * Delay before retry number `attempt` (0-based): uniform in [0, min(cap, base * 2^attempt)].
 * Full jitter spreads the reconnects of many clients after a server restart instead of
 * synchronising them (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const cap = options.capMs ?? DEFAULT_BACKOFF.capMs;
  // 2^attempt overflows to Infinity for large attempts; min() keeps it at the cap.
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}
