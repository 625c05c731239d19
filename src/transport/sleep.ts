import { AbortedError } from "../errors/transport.js";

/** Waits `ms`; rejects with AbortedError naming `what` as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError(what));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError(what));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
