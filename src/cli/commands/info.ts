/**
 * `hl info <type> [--field value …]`: sends one POST /info request and prints the JSON answer.
 *
 * Field flags are typed by the SDK's schema checker, not by a walker of its own: for each flag
 * the JSON-parsed value and the raw string are tried at that path and the one the checker
 * accepts is kept (`--coin 1000` stays a string, `--startTime 123` becomes a number).
 */
import { infoEndpoints } from "../../../generated/ts/registry.js";
import { validate, type Issue, type MessageName } from "../../../generated/ts/validate.js";
import { InfoClient } from "../../clients/info.js";
import { ValidationError } from "../../errors/base.js";
import { HttpTransport } from "../../transport/http/http-transport.js";
import { network } from "../../transport/networks.js";
import { closest, parseCommand, report, runCommand, UsageError, type CommandSpec, type Values } from "../args.js";

type Ep = { type: string; method: string; request: string };
const endpoints: Readonly<Record<string, Ep>> = infoEndpoints;

export const spec = {
  name: "info",
  summary: "Send one info request and print the JSON answer.",
  positionals: "<type>",
  description: [
    "Every other --flag is a request field: --user 0x… --coin BTC --startTime 123. A value becomes a number,",
    "boolean, null or JSON only where the request wants that type (--coin 1000 stays a string). --a.b sets a",
    "nested field; a flag only a nested object has (candleSnapshot's --coin) goes into it. --req '{\"type\":…}'",
    "gives the whole request as JSON. The request is checked before it is sent (exit 2 naming the field);",
    "API and network errors exit 1.",
  ].join("\n"),
  options: {
    url: { type: "string", value: "URL|mainnet|testnet|local", default: "local", description: "API to ask (local = the devnet at http://127.0.0.1:3001)" },
    timeout: { type: "integer", value: "MS", min: 1, default: 10_000, description: "per-attempt timeout in milliseconds" },
    retries: { type: "integer", value: "N", default: 2, description: "retries after a failed attempt" },
    compact: { type: "boolean", description: "print the answer on one line" },
  },
  examples: [
    "hl info l2Book --coin BTC",
    "hl info clearinghouseState --user 0x5e9ee1089755c3435139848e47e6635505d5a13a --url mainnet",
    "hl info candleSnapshot --coin ETH --interval 1h --startTime 1700000000000 --compact",
    `hl info --req '{"type":"allMids"}' --url testnet`,
  ],
  notes: `types: see \`hl schema --list | grep '^info '\``,
} satisfies CommandSpec;

const OWN = new Set([...Object.keys(spec.options), "help", "h"]);

/** Splits argv into the command's own options (for the shared parser) and request fields, in order. */
function split(argv: string[]): { own: string[]; fields: [string, string | true][] } {
  const own: string[] = [];
  const fields: [string, string | true][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.startsWith("--") ? a.slice(2).split("=")[0]! : a.startsWith("-") && a.length === 2 ? a.slice(1) : undefined;
    if (name === undefined || OWN.has(name)) {
      own.push(a);
      const takesValue =
        name !== undefined &&
        !a.includes("=") &&
        (spec.options as Record<string, { type: string }>)[name]?.type !== "boolean" &&
        name !== "help" &&
        name !== "h";
      if (takesValue && i + 1 < argv.length) own.push(argv[++i]!);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) fields.push([a.slice(2, eq), a.slice(eq + 1)]);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith("--")) fields.push([name, argv[++i]!]);
    else fields.push([name, true]);
  }
  return { own, fields };
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

function candidates(raw: string | true): unknown[] {
  if (raw === true) return [true];
  const j = parseJson(raw);
  return j.ok ? [j.value, raw] : [raw];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const under = (path: string, issue: Issue) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`);

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let o = target;
  for (const p of path.slice(0, -1)) {
    const next = o[p];
    if (isObject(next)) o = next;
    else o = o[p] = {};
  }
  o[path[path.length - 1]!] = value;
}

const PLACEHOLDERS: unknown[] = ["", 0, false, null, {}, []];
/** The values the command line gives for each flag name: the best placeholders for a field it names (enums). */
let flagHints = new Map<string, unknown[]>();
const isAncestor = (issuePath: string, path: string) => issuePath !== "" && (path.startsWith(`${issuePath}.`) || path.startsWith(`${issuePath}[`));

function unsetAt(target: Record<string, unknown>, path: string): void {
  const parts = path.split(".");
  let o: unknown = target;
  for (const p of parts.slice(0, -1)) o = isObject(o) ? o[p] : undefined;
  if (isObject(o)) delete o[parts[parts.length - 1]!];
}

/**
 * The checker's complaints about `path` with `value` there, or undefined when they cannot be
 * told. Problems elsewhere (a missing required
 * field, an unknown key) are patched over with placeholders until the checker reaches `path`.
 */
function complaints(name: MessageName, body: Record<string, unknown>, path: string[], value: unknown, found?: Set<string>): Issue[] | undefined {
  const hints = flagHints;
  const probe = structuredClone(body);
  setAt(probe, path, value);
  const at = path.join(".");
  const mine = (i: Issue) => under(at, i) || isAncestor(i.path, at);
  for (let n = 0; n < 64; n++) {
    const issues = validate(name, probe);
    // Missing top-level fields are candidate containers for flags (candleSnapshot's req).
    for (const i of issues) if (i.value === undefined && i.expected === "a required field" && !i.path.includes(".")) found?.add(i.path);
    if (issues.some(mine) || issues.length === 0) return issues.filter(mine);
    const other = issues[0]!;
    if (other.expected.startsWith("no such field")) {
      unsetAt(probe, other.path);
      continue;
    }
    if (other.value === undefined && !other.path.includes(".")) found?.add(other.path);
    // The placeholder that moves the checker past `other.path` (or at least deeper into it).
    const score = (p: unknown) => {
      const trial = structuredClone(probe);
      setAt(trial, other.path.split("."), p);
      const next = validate(name, trial);
      return next.some((i) => i.path === other.path) ? 2 : next.some((i) => under(other.path, i)) ? 1 : 0;
    };
    const own = hints.get(other.path.split(".").pop()!) ?? [];
    const scored = [...own, ...PLACEHOLDERS].map((p) => ({ p, s: score(p) })).sort((a, b) => a.s - b.s)[0]!;
    if (scored.s === 2) return undefined;
    setAt(probe, other.path.split("."), structuredClone(scored.p));
  }
  return undefined;
}

const unknownKey = (issues: Issue[] | undefined, path: string) => issues?.some((i) => i.path === path && i.expected.startsWith("no such field")) ?? false;

/** Where a flag goes: a dotted path, a top-level field, or the one object field that accepts it. */
function placeOf(name: MessageName, body: Record<string, unknown>, key: string): string[] {
  if (key.includes(".")) return key.split(".");
  const found = new Set<string>();
  if (!unknownKey(complaints(name, body, [key], "", found), key)) return [key];
  const containers = new Set([...Object.keys(body).filter((k) => isObject(body[k])), ...found]);
  const holders = [...containers].filter((c) => {
    const inner = complaints(name, body, [c, key], "");
    return inner !== undefined && !inner.some((i) => i.path === c) && !unknownKey(inner, `${c}.${key}`);
  });
  return holders.length === 1 ? [holders[0]!, key] : [key];
}

/** The command-line string as the value the checker accepts there: JSON where JSON fits, else the text. */
function valueFor(name: MessageName, body: Record<string, unknown>, path: string[], raw: string | true): unknown {
  if (raw === true) return true;
  const parsed = parseJson(raw);
  if (!parsed.ok || typeof parsed.value === "string") return raw;
  const asJson = complaints(name, body, path, parsed.value)?.length ?? 0;
  const asText = complaints(name, body, path, raw)?.length ?? Infinity;
  return asJson <= asText ? parsed.value : raw;
}

/** Builds and checks the request; throws ValidationError naming the flag, UsageError for bad own options. */
export function buildRequest(argv: string[]): { ep: Ep; body: Record<string, unknown>; options: Values<typeof spec.options>; help: boolean } {
  const { own, fields } = split(argv);
  const parsed = parseCommand(spec, own, { maxPositionals: 1 });
  let body: Record<string, unknown> = {};
  let type = parsed.positionals[0];
  // `--req '{"type":…}'` is the whole request; a `--req` without a type is candleSnapshot's field.
  const wholeAt = fields.findIndex(([key, raw]) => {
    const j = key === "req" && typeof raw === "string" ? parseJson(raw) : undefined;
    return j?.ok === true && isObject(j.value) && typeof j.value.type === "string";
  });
  if (wholeAt >= 0) {
    const j = parseJson(String(fields[wholeAt]![1]));
    if (j.ok && isObject(j.value)) body = j.value;
    type ??= String(body.type);
  }
  const ep = type ? endpoints[type] : undefined;
  if (!ep) {
    const near = type ? closest(type, Object.keys(endpoints)) : undefined;
    throw new ValidationError("info request", [{ path: "type", value: type, expected: "a known info type" }], {
      hint: `${near ? `Did you mean ${near}? ` : ""}\`hl schema --list\` lists them all.`,
    });
  }
  const name = ep.request as MessageName;
  body.type = ep.type;
  flagHints = new Map(fields.map(([key, raw]) => [key.split(".").pop()!, candidates(raw)]));
  const placed: [string[], string | true][] = [];
  for (const [i, [key, raw]] of fields.entries()) {
    if (i === wholeAt) continue;
    const path = placeOf(name, body, key);
    setAt(body, path, valueFor(name, body, path, raw));
    placed.push([path, raw]);
  }
  // Judge each value again against the whole request: a later flag may have been what was missing.
  for (const [path, raw] of placed) setAt(body, path, valueFor(name, body, path, raw));
  const issues = validate(name, body).map((i) => ({ ...i, path: `--${i.path.replace(/\[(\d+)\]/g, ".$1")}` }));
  if (issues.length) {
    const stray = issues.find((i) => i.expected.startsWith("no such field") && !i.path.slice(2).includes("."));
    const near = stray ? closest(stray.path.slice(2), Object.keys(spec.options)) : undefined;
    if (stray && near)
      throw new UsageError(`hl info: unknown option '${stray.path}'; did you mean '--${near}'?`, {
        details: `${stray.path} is not a field of ${ep.request} either`,
        hint: "`hl info --help` lists the options. Nothing was sent.",
      });
    throw new ValidationError(`${ep.type} request`, issues, { hint: `Nothing was sent. \`hl schema ${ep.request}\` shows the fields.` });
  }
  const { type: _type, ...rest } = body;
  return { ep, body: { ...rest, type: ep.type }, options: parsed.values, help: parsed.help };
}

async function send(ep: Ep, body: Record<string, unknown>, options: Values<typeof spec.options>): Promise<number> {
  let url: string;
  try {
    url = network(options.url).apiUrl;
  } catch (e) {
    return report(new UsageError(`hl info: --url ${JSON.stringify(options.url)}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`));
  }
  const transport = new HttpTransport({ url, timeout: options.timeout, retry: { attempts: options.retries + 1 } });
  const info = new InfoClient({
    transport,
    validation: "warn",
    onValidationIssues: (type, issues) =>
      console.error(
        `hl info: warning: the ${type} answer differs from the schema: ${issues
          .slice(0, 3)
          .map((i) => `${i.path || "(root)"}: expected ${i.expected}`)
          .join("; ")}`,
      ),
  });
  try {
    const { type: _type, ...params } = body;
    // The method is the registry's name for this type; Reflect keeps it typed as unknown until checked.
    const method: unknown = Reflect.get(info, ep.method);
    if (typeof method !== "function")
      throw new ValidationError("info request", [{ path: "type", value: ep.type, expected: "a type with an InfoClient method" }]);
    const result: unknown = await Reflect.apply(method, info, [params]);
    process.stdout.write(`${JSON.stringify(result, null, options.compact ? undefined : 2)}\n`);
    return 0;
  } catch (e) {
    return report(e, e instanceof ValidationError ? 2 : 1);
  } finally {
    await transport.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  if (argv.length === 0)
    return report(new UsageError("hl info: missing <type>", { hint: "`hl info --help` shows the usage; `hl schema --list` lists the types." }));
  let built: ReturnType<typeof buildRequest>;
  try {
    built = buildRequest(argv);
  } catch (e) {
    // `--help` wins over a bad or missing type.
    if (split(argv).own.some((a) => a === "--help" || a === "-h")) return runCommand(spec, ["--help"], async () => 0);
    return report(e, 2);
  }
  if (built.help) return runCommand(spec, ["--help"], async () => 0);
  return send(built.ep, built.body, built.options);
}
