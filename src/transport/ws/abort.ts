/**
 * One "abort" listener per AbortSignal, however many subscriptions and posts share it.
 *
 * Node warns (MaxListenersExceededWarning) once an EventTarget has more than 10 listeners of
 * one type; `events.addAbortListener` still adds one listener per call, so it warns too. Here
 * each signal gets a single listener that fans out to a set of callbacks, and that listener is
 * removed when the last callback is disposed, so the caller's signal is left as it was found
 * (no setMaxListeners on a signal we do not own).
 */
const callbacks = new WeakMap<AbortSignal, { set: Set<() => void>; fire: () => void }>();

/**
 * Runs `callback` once when `signal` aborts. Returns a disposer that removes it (idempotent).
 * The signal must not be aborted yet (callers check `signal.aborted` first).
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let entry = callbacks.get(signal);
  if (!entry) {
    const set = new Set<() => void>();
    const fire = (): void => {
      callbacks.delete(signal);
      for (const cb of [...set]) {
        set.delete(cb);
        cb();
      }
    };
    entry = { set, fire };
    callbacks.set(signal, entry);
    signal.addEventListener("abort", fire, { once: true });
  }
  // A wrapper per call: the same function registered twice stays two registrations.
  const own = (): void => callback();
  const { set, fire } = entry;
  set.add(own);
  return () => {
    if (!set.delete(own) || set.size > 0 || callbacks.get(signal)?.set !== set) return;
    callbacks.delete(signal);
    signal.removeEventListener("abort", fire);
  };
}
