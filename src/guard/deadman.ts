/**
 * The dead-man's switch: keeps the exchange's `scheduleCancel` armed while the process lives.
 * Every `everyMs` it sends scheduleCancel with time = now + `windowMs`; when the process dies,
 * hangs or loses the network, the last deadline passes and the exchange cancels every open
 * order of the account by itself. scheduleCancel passes the guard even with the kill switch
 * tripped (it only takes risk off), and each arm is audited like any action.
 */
import { GuardConfigError } from "../errors/guard.js";

/** The exchange's minimum: a scheduled cancel must be at least 5 s in the future. */
export const MIN_WINDOW_MS = 5000;

export interface ScheduleCanceller {
  scheduleCancel(params?: { time?: number }): Promise<unknown>;
}

export interface DeadMansSwitchOptions {
  /** How often to re-arm (ms); must leave room for a late arm: at most half of windowMs. */
  everyMs: number;
  /** How far ahead each deadline is (ms, at least 5000). */
  windowMs: number;
  /** The clock deadlines are computed on (the exchange's; default Date.now). */
  now?: () => number;
  /** A failed arm (network, exchange); the previous deadline stays in force. */
  onError?: (e: unknown) => void;
}

export interface DeadMansSwitch {
  /** Resolves after the first arm was accepted (rejects if it failed). */
  readonly ready: Promise<void>;
  /** Deadlines accepted so far. */
  readonly arms: number;
  /** The last accepted deadline (ms), undefined before the first. */
  readonly deadline: number | undefined;
  /** Stops re-arming (after an arm in flight lands); the last deadline stays armed, as a crash would leave it. */
  stop(): Promise<void>;
  /** Stops re-arming and removes the scheduled cancel (a clean shutdown that keeps the orders). */
  disarm(): Promise<void>;
}

export function startDeadMansSwitch(exchange: ScheduleCanceller, options: DeadMansSwitchOptions): DeadMansSwitch {
  const { everyMs, windowMs, now = Date.now, onError = () => {} } = options;
  if (!(Number.isInteger(windowMs) && windowMs >= MIN_WINDOW_MS))
    throw new GuardConfigError("deadman.windowMs", windowMs, `an integer number of milliseconds >= ${MIN_WINDOW_MS} (the exchange's minimum)`);
  if (!(Number.isInteger(everyMs) && everyMs > 0 && everyMs * 2 <= windowMs))
    throw new GuardConfigError("deadman.everyMs", everyMs, `an integer number of milliseconds in [1, ${Math.floor(windowMs / 2)}] (at most half the window)`);
  let arms = 0;
  let deadline: number | undefined;
  let stopped = false;
  let inFlight: Promise<void> | undefined;
  const arm = (): Promise<void> => {
    const time = now() + windowMs;
    return exchange.scheduleCancel({ time }).then(() => {
      arms++;
      deadline = time;
    });
  };
  const ready = arm();
  const timer = setInterval(() => {
    if (stopped || inFlight) return; // one arm at a time; a slow one is not stacked
    inFlight = arm()
      .catch(onError)
      .finally(() => {
        inFlight = undefined;
      });
  }, everyMs);
  timer.unref();
  const stop = async (): Promise<void> => {
    stopped = true;
    clearInterval(timer);
    await inFlight;
  };
  return {
    ready,
    get arms() {
      return arms;
    },
    get deadline() {
      return deadline;
    },
    stop,
    async disarm() {
      await stop();
      await exchange.scheduleCancel({});
      deadline = undefined;
    },
  };
}
