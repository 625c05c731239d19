/**
 * Errors of the guard rails (src/guard): a refused mode, a risk limit, the kill switch, a bad
 * config. Each is raised before anything is signed and names the mode it was raised in.
 */
import { HyperliquidError } from "./base.js";

/**
 * live: sign and send; read-only: refuse every action; dry-run: validate, check and sign, send
 * nothing; paper: validate and check, then match locally (a PaperVenue), send nothing.
 */
export type GuardMode = "live" | "read-only" | "dry-run" | "paper";
export const GUARD_MODES: readonly GuardMode[] = ["live", "read-only", "dry-run", "paper"];

/** Common fields: the action refused and the mode (and network) it was refused in. */
export class GuardError extends HyperliquidError {
  override name = "GuardError";
  constructor(
    shortMessage: string,
    readonly actionType: string,
    readonly mode: GuardMode,
    options: { details: string; hint: string; network?: string | undefined },
  ) {
    super(shortMessage, { details: `mode ${mode}${options.network ? ` (${options.network})` : ""}; ${options.details}`, hint: options.hint });
  }
}

/** The guard is in read-only mode: every action is refused. */
export class ReadOnlyModeError extends GuardError {
  override name = "ReadOnlyModeError";
  constructor(actionType: string, network?: string) {
    super(`Refused ${actionType}: the guard rails are in read-only mode.`, actionType, "read-only", {
      network,
      details: "read-only refuses every action before signing; nothing was signed or sent",
      hint: 'Set mode = "live" (or "dry-run" to sign without sending) in the guard config, HL_MODE or the constructor.',
    });
  }
}

/** A risk rule refused the action: `rule` is the config key, `value` what the action would do, `limit` what is allowed. */
export class RiskLimitError extends GuardError {
  override name = "RiskLimitError";
  constructor(
    actionType: string,
    mode: GuardMode,
    readonly rule: string,
    readonly value: string,
    readonly limit: string,
    readonly coin?: string,
    network?: string,
  ) {
    super(`Refused ${actionType}${coin ? ` on ${coin}` : ""}: ${rule} ${value} exceeds the limit ${limit}.`, actionType, mode, {
      network,
      details: `rule ${rule}; value ${value}; limit ${limit}; nothing was signed or sent`,
      hint: `Shrink the order, or raise risk.${rule} in the guard config (it reloads on change).`,
    });
  }
}

/** The kill switch is tripped: only cancels and reduce-only orders pass until it is released. */
export class KillSwitchError extends GuardError {
  override name = "KillSwitchError";
  constructor(
    actionType: string,
    mode: GuardMode,
    readonly reason: string,
    network?: string,
  ) {
    super(`Refused ${actionType}: the kill switch is tripped (${reason}).`, actionType, mode, {
      network,
      details: "while tripped only cancels, scheduleCancel and reduce-only orders pass; nothing was signed or sent",
      hint: "Release it with `hl kill --release` or guard.release() once the cause is understood.",
    });
  }
}

/** Paper mode was asked for an action its venue does not model (or without a venue). */
export class PaperModeError extends GuardError {
  override name = "PaperModeError";
  constructor(actionType: string, reason: string, network?: string) {
    super(`Refused ${actionType} in paper mode: ${reason}.`, actionType, "paper", {
      network,
      details: `${reason}; nothing was signed or sent`,
      hint: "Paper mode matches order and cancel actions locally; use dry-run or live for the others.",
    });
  }
}

/** A guard config value that is not allowed: names the key, the value and what is allowed. */
export class GuardConfigError extends HyperliquidError {
  override name = "GuardConfigError";
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly allowed: string,
    options: { source?: string; cause?: unknown } = {},
  ) {
    super(`Invalid guard config${options.source ? ` ${options.source}` : ""}: ${key} is ${preview(value)}; expected ${allowed}.`, {
      details: `key ${key}`,
      hint: "See docs/guard-rails.md for every key and its allowed values.",
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
  }
}

function preview(value: unknown): string {
  if (value === undefined) return "missing";
  const text = typeof value === "string" ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
