/**
 * Errors in viem's style: a short message for humans, then details and a hint.
 * Every error the SDK throws is a {@link HyperliquidError}.
 */
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
    const lines = [shortMessage];
    if (options.metaMessages?.length) lines.push("", ...options.metaMessages);
    if (options.details) lines.push("", `Details: ${options.details}`);
    if (options.hint) lines.push(`Hint: ${options.hint}`);
    super(lines.join("\n"), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.hint = options.hint;
    this.metaMessages = options.metaMessages;
  }
}

/** One problem found while validating a value against the schema. */
export interface ValidationIssue {
  /** JSON path of the offending value, e.g. `action.orders[0].p`. */
  path: string;
  /** The offending value (never a private key). */
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
    const short = first
      ? `Invalid ${what}: ${first.path || "(root)"} ${describeValue(first.value)} — expected ${first.expected}.`
      : `Invalid ${what}.`;
    super(short, {
      ...options,
      metaMessages: issues.length > 1 ? issues.map((i) => `- ${i.path || "(root)"}: ${describeValue(i.value)}, expected ${i.expected}`) : options.metaMessages,
    });
    this.issues = issues;
  }
}

/** Short, safe rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "is missing";
  let text: string;
  try {
    text = typeof value === "bigint" ? `${value}n` : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (Number.isNaN(value)) text = "NaN";
  if (text.length > 80) text = `${text.slice(0, 77)}...`;
  return `is ${text}`;
}
