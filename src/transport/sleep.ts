import { AbortedError } from "../errors/transport.js";

/** Longest delay setTimeout honours; beyond it the timer fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms` (clamped to [0, MAX_TIMER_MS], NaN as 0); rejects with AbortedError naming `what`
 * as soon as `signal` aborts.
 */
export function abortableSleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError(what));
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Number.isNaN(ms) ? 0 : Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError(what));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
