/**
 * The CLI's one argument layer over node:util parseArgs: each command declares a typed option
 * table; from it come the parsed values, the `--help` text, did-you-mean for a mistyped option
 * and errors that name the option and what it accepts.
 */
import { parseArgs } from "node:util";
import { HyperliquidError } from "../errors/base.js";

interface BaseOption {
  /** What the option does, one line. */
  description: string;
  /** Placeholder shown in help, e.g. "N" or "0xADDRESS=USDC". */
  value?: string;
  /** Help text for a default that is applied elsewhere (e.g. by a config file). */
  defaultText?: string;
  /** One-letter alias, e.g. "n" for `-n 20`. */
  short?: string;
}
export interface StringOption extends BaseOption {
  type: "string";
  default?: string;
  choices?: readonly string[];
  multiple?: boolean;
}
export interface IntegerOption extends BaseOption {
  type: "integer";
  default?: number;
  min?: number;
}
export interface FlagOption extends BaseOption {
  type: "boolean";
  default?: boolean;
}
export type OptionSpec = StringOption | IntegerOption | FlagOption;

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  name: string;
  summary: string;
  /** Positional arguments as shown after the command name, e.g. "<type>". */
  positionals?: string;
  /** Longer explanation printed under the usage line. */
  description?: string;
  options: O;
  examples: string[];
  /** Everything after the options section, e.g. the input format. */
  notes?: string;
}

type ValueOf<S> = S extends StringOption ? (S["multiple"] extends true ? string[] : string) : S extends IntegerOption ? number : boolean;
type HasDefault<S> = S extends { default: unknown } ? true : S extends { multiple: true } ? true : false;
export type Values<O extends Record<string, OptionSpec>> = { [K in keyof O]: HasDefault<O[K]> extends true ? ValueOf<O[K]> : ValueOf<O[K]> | undefined };

/** A command line that cannot run as given: exit status 2. */
export class UsageError extends HyperliquidError {
  override name = "UsageError";
}

/** Edit distance (insert, delete, substitute, adjacent swap). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate within a distance that still reads as a typo, or a prefix match. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(word) || word.startsWith(c) ? Math.min(1, editDistance(word, c)) : editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(1, Math.min(3, Math.floor(word.length / 3))) ? best : undefined;
}

function defaultOf(o: OptionSpec): string | undefined {
  if (o.defaultText !== undefined) return o.defaultText;
  return o.default === undefined || o.default === false ? undefined : String(o.default);
}

/** The `--help` text of a command. */
export function helpText(spec: CommandSpec): string {
  const rows: [string, string][] = Object.entries(spec.options).map(([name, o]) => {
    const value = o.type === "boolean" ? "" : ` ${o.value ?? (o.type === "integer" ? "N" : "VALUE")}`;
    const allowed = o.type === "string" && o.choices ? ` (one of ${o.choices.join(", ")})` : "";
    const def = defaultOf(o);
    return [
      `${o.short ? `-${o.short}, ` : ""}--${name}${value}`,
      `${o.description}${allowed}${def === undefined ? "" : ` [default: ${def}]`}${o.type === "string" && o.multiple ? " (repeatable)" : ""}`,
    ];
  });
  rows.push(["-h, --help", "show this help"]);
  const width = Math.max(...rows.map(([l]) => l.length));
  return [
    `usage: hl ${spec.name}${spec.positionals ? ` ${spec.positionals}` : ""} [options]`,
    "",
    spec.summary,
    ...(spec.description ? ["", spec.description] : []),
    "",
    "options:",
    ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`),
    ...(spec.notes ? ["", spec.notes] : []),
    "",
    "examples:",
    ...spec.examples.map((e) => `  ${e}`),
  ].join("\n");
}

function usageError(spec: CommandSpec, message: string, details?: string): UsageError {
  return new UsageError(`hl ${spec.name}: ${message}`, { ...(details ? { details } : {}), hint: `\`hl ${spec.name} --help\` lists the options.` });
}

function convert(spec: CommandSpec, name: string, o: OptionSpec, raw: string): string | number {
  if (o.type === "integer") {
    const min = o.min ?? 0;
    const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw usageError(spec, `--${name} ${JSON.stringify(raw)}: expected an integer >= ${min}`);
    return n;
  }
  if (o.type === "string" && o.choices && !o.choices.includes(raw))
    throw usageError(spec, `--${name} ${JSON.stringify(raw)}: expected one of ${o.choices.join(", ")}`);
  return raw;
}

export interface Parsed<O extends Record<string, OptionSpec>> {
  help: boolean;
  values: Values<O>;
  positionals: string[];
}

/**
 * Parses `argv` against the command's table. Throws {@link UsageError} for an unknown option
 * (naming the closest known one), a missing or bad value, or a stray positional.
 * `--help` anywhere gives `{ help: true }` without checking the rest.
 */
export function parseCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: string[],
  { maxPositionals = spec.positionals ? Infinity : 0 } = {},
): Parsed<O> {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = { help: { type: "boolean", short: "h" } };
  for (const [name, o] of Object.entries(spec.options))
    options[name] = {
      type: o.type === "boolean" ? "boolean" : "string",
      ...(o.type === "string" && o.multiple ? { multiple: true } : {}),
      ...(o.short ? { short: o.short } : {}),
    };
  // strict: false so the layer, not parseArgs, words the errors; the tokens say what was seen.
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  if (tokens.some((t) => t.kind === "option" && t.name === "help")) return { help: true, values: values as Values<O>, positionals };
  for (const t of tokens) {
    if (t.kind === "positional") {
      positionals.push(t.value);
      continue;
    }
    if (t.kind !== "option") continue;
    const o = spec.options[t.name];
    if (!o) {
      const near = closest(t.name, Object.keys(spec.options));
      throw usageError(
        spec,
        `unknown option '${t.rawName}'${near ? `; did you mean '--${near}'?` : ""}`,
        near
          ? undefined
          : `options: ${
              Object.keys(spec.options)
                .map((n) => `--${n}`)
                .join(", ") || "none"
            }`,
      );
    }
    if (o.type === "boolean") {
      if (t.inlineValue) throw usageError(spec, `--${t.name} takes no value (got ${JSON.stringify(t.value)})`);
      values[t.name] = true;
      continue;
    }
    if (t.value === undefined)
      throw usageError(
        spec,
        `--${t.name} needs a value: expected ${o.type === "string" && o.choices ? `one of ${o.choices.join(", ")}` : o.type === "integer" ? `an integer >= ${o.min ?? 0}` : (o.value ?? "a value")}`,
      );
    const v = convert(spec, t.name, o, t.value);
    if (o.type === "string" && o.multiple) ((values[t.name] ??= []) as unknown[]).push(v);
    else values[t.name] = v;
  }
  if (positionals.length > maxPositionals)
    throw usageError(
      spec,
      `unexpected argument ${JSON.stringify(positionals[maxPositionals])}`,
      spec.positionals ? `usage: hl ${spec.name} ${spec.positionals}` : "this command takes no arguments",
    );
  for (const [name, o] of Object.entries(spec.options)) {
    if (values[name] === undefined && o.default !== undefined) values[name] = o.default;
    if (values[name] === undefined && o.type === "string" && o.multiple) values[name] = [];
  }
  return { help: false, values: values as Values<O>, positionals };
}

/** Anything shaped like a 32-byte secret (a private key pasted in the wrong place). */
const SECRET = /\b(?:0x)?[0-9a-fA-F]{64}\b/g;

/** Error text safe to print: 32-byte hex secrets are replaced. */
export function redact(text: string): string {
  return text.replace(SECRET, "0x<redacted 32-byte hex>");
}

/** Prints an error for the user (redacted) and returns its exit status: 2 for usage, else `code`. */
export function report(err: unknown, code = 1): number {
  const text = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${redact(text)}\n`);
  return err instanceof UsageError ? 2 : code;
}

/**
 * Runs a command body with its parsed options: prints help (exit 0) or a usage error (exit 2).
 */
export async function runCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: string[],
  body: (parsed: Parsed<O>) => Promise<number>,
  opts?: { maxPositionals?: number },
): Promise<number> {
  let parsed: Parsed<O>;
  try {
    parsed = parseCommand(spec, argv, opts);
  } catch (e) {
    return report(e, 2);
  }
  if (parsed.help) {
    process.stdout.write(`${helpText(spec)}\n`);
    return 0;
  }
  return body(parsed);
}
