/**
 * Errors in viem's style: a short message for humans, then details and a hint.
 * Every error the SDK throws is a {@link HyperliquidError}. Anything that looks like a 32-byte
 * secret is redacted in the message, the fields, `toJSON` and `util.inspect` (./redact.ts).
 */
import { inspect, type InspectOptions } from "node:util";
import { redactRecord, redactText, redactValue } from "./redact.js";

export interface HyperliquidErrorOptions {
  /** Extra facts: the field, the value, what is allowed. */
  details?: string;
  /** What to try next. */
  hint?: string;
  cause?: unknown;
  /** Additional message lines (e.g. a list of validation problems). */
  metaMessages?: string[];
}

export class HyperliquidError extends Error {
  override name = "HyperliquidError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly hint: string | undefined;
  readonly metaMessages: string[] | undefined;

  constructor(shortMessage: string, options: HyperliquidErrorOptions = {}) {
    const details = options.details === undefined ? undefined : redactText(options.details);
    const hint = options.hint === undefined ? undefined : redactText(options.hint);
    const metaMessages = options.metaMessages?.map(redactText);
    const lines = [redactText(shortMessage)];
    if (metaMessages?.length) lines.push("", ...metaMessages);
    if (details) lines.push("", `Details: ${details}`);
    if (hint) lines.push(`Hint: ${hint}`);
    // The stack is built from this (already redacted) message.
    super(lines.join("\n"), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = redactText(shortMessage);
    this.details = details;
    this.hint = hint;
    this.metaMessages = metaMessages;
  }

  /** Name, message lines and every own field, with 32-byte hex values redacted. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [k, v] of Object.entries(this)) fields[k] = v;
    if (this.cause !== undefined) fields.cause = this.cause;
    return redactRecord(fields);
  }

  /** util.inspect / console.log: the stack and own fields, redacted like toJSON. */
  [inspect.custom](_depth: number, options: InspectOptions): string {
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) own[k] = v;
    if (this.cause !== undefined) own.cause = this.cause;
    return redactText(`${this.stack ?? this.message} ${inspect(own, { ...options, customInspect: true })}`);
  }
}

/** One problem found while validating a value against the schema. */
export interface ValidationIssue {
  /** JSON path of the offending value, e.g. `action.orders[0].p`. */
  path: string;
  /** The offending value (32-byte hex values are redacted). */
  value?: unknown;
  /** What is allowed there. */
  expected: string;
}

/** Bad input: raised before anything is signed or sent. */
export class ValidationError extends HyperliquidError {
  override name = "ValidationError";
  readonly issues: ValidationIssue[];

  constructor(what: string, issues: ValidationIssue[], options: HyperliquidErrorOptions = {}) {
    const first = issues[0];
    const short = first ? `Invalid ${what}: ${first.path || "(root)"} ${describeValue(first.value)} — expected ${first.expected}.` : `Invalid ${what}.`;
    super(short, {
      ...options,
      metaMessages: issues.length > 1 ? issues.map((i) => `- ${i.path || "(root)"}: ${describeValue(i.value)}, expected ${i.expected}`) : options.metaMessages,
    });
    this.issues = issues.map((i) => ("value" in i ? { ...i, value: redactValue(i.value) } : i));
  }
}

/** Short, safe rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "is missing";
  let text: string;
  try {
    text = typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  if (Number.isNaN(value)) text = "NaN";
  // Redact before cutting: a cut could leave a key's first 77 characters unrecognisable.
  text = redactText(text);
  if (text.length > 80) text = `${text.slice(0, 77)}...`;
  return `is ${text}`;
}
