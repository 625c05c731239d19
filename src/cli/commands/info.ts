/**
 * `hl info <type> [--param value …] [--url URL|mainnet|testnet|local] [--timeout ms]
 *   [--retries N] [--compact]`: sends one POST /info request and prints the JSON answer.
 *
 * `--user 0x… --coin BTC --startTime 123`: a value becomes a number, boolean, null or JSON
 * only where the request schema wants that type there (`--coin 1000` stays a string);
 * `--req.coin BTC` sets a nested field, and a flag that only a nested object has (candleSnapshot's
 * `--coin`, `--interval`) goes there. `--req '{"type":"l2Book","coin":"BTC"}'` gives the whole
 * request as JSON. The request is validated before it is sent (exit 2 naming the field);
 * API and network errors exit 1. Default URL: http://127.0.0.1:3001 (the local devnet).
 */
import { readFileSync } from "node:fs";
import { infoEndpoints } from "../../../generated/ts/registry.js";
import { validate, type MessageName } from "../../../generated/ts/validate.js";
import { InfoClient } from "../../clients/info.js";
import { closeNames } from "../../clients/metadata.js";
import { HyperliquidError, ValidationError } from "../../errors/base.js";
import { HttpTransport } from "../../transport/http/http-transport.js";
import { network } from "../../transport/networks.js";

type Schema = { type?: string; const?: unknown; $ref?: string; anyOf?: Schema[]; oneOf?: Schema[]; properties?: Record<string, Schema> };
type Ep = { type: string; method: string; request: MessageName };

const OWN_FLAGS = new Set(["url", "timeout", "retries", "compact", "help"]);
let defsCache: Record<string, Schema> | undefined;

function defs(): Record<string, Schema> {
  defsCache ??= (JSON.parse(readFileSync(new URL("../../../generated/schema.json", import.meta.url), "utf8")) as { defs: Record<string, Schema> }).defs;
  return defsCache;
}

function deref(s: Schema | undefined): Schema | undefined {
  for (let i = 0; s?.$ref && i < 16; i++) s = defs()[s.$ref.replace("#/defs/", "")];
  return s;
}

/** JSON types a schema admits (integer, number, string, boolean, null, object, array). */
function typesOf(s: Schema | undefined, out = new Set<string>()): Set<string> {
  const d = deref(s);
  if (!d) return out;
  if (d.type) out.add(d.type);
  else if (d.properties) out.add("object");
  if (d.const !== undefined) out.add(typeof d.const);
  for (const alt of [...(d.anyOf ?? []), ...(d.oneOf ?? [])]) typesOf(alt, out);
  return out;
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** The command-line string as the value the schema wants at that field. */
export function coerce(raw: string | true, schema: Schema | undefined): unknown {
  if (raw === true) return true;
  const types = typesOf(schema);
  const parsed = parseJson(raw);
  if (parsed === undefined) return raw;
  const t = jsonType(parsed);
  const fits = types.has(t) || (t === "integer" && types.has("number"));
  return fits && t !== "string" ? parsed : raw;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** `--a.b value` / `--key value` / `--key=value` / `--flag` (true) pairs, in order. */
function parseFlags(argv: string[]): { positionals: string[]; flags: [string, string | true][] } {
  const positionals: string[] = [];
  const flags: [string, string | true][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) flags.push([a.slice(2, eq), a.slice(eq + 1)]);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith("--")) flags.push([a.slice(2), argv[++i]!]);
    else flags.push([a.slice(2), true]);
  }
  return { positionals, flags };
}

/** Where a flag goes in the request: a top-level field, a dotted path, or the one nested object that has it. */
function pathOf(key: string, root: Schema | undefined): string[] {
  if (key.includes(".")) return key.split(".");
  const props = deref(root)?.properties ?? {};
  if (key in props) return [key];
  const holders = Object.entries(props).filter(([, s]) => key in (deref(s)?.properties ?? {}));
  return holders.length === 1 ? [holders[0]![0], key] : [key];
}

function schemaAt(root: Schema | undefined, path: string[]): Schema | undefined {
  let s = deref(root);
  for (const p of path) s = deref(s?.properties?.[p]);
  return s;
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let o = target;
  for (const p of path.slice(0, -1)) {
    if (typeof o[p] !== "object" || o[p] === null) o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  o[path[path.length - 1]!] = value;
}

/** Builds and validates the request; throws ValidationError naming the flag. */
export function buildRequest(argv: string[]): { ep: Ep; body: Record<string, unknown>; options: Record<string, string | true> } {
  const endpoints = infoEndpoints as unknown as Record<string, Ep>;
  const { positionals, flags } = parseFlags(argv);
  const options: Record<string, string | true> = {};
  let body: Record<string, unknown> = {};
  let type = positionals[0];
  // `--req '{"type":…}'` is the whole request; a `--req` without a type is candleSnapshot's field.
  const wholeAt = flags.findIndex(([key, raw]) => key === "req" && typeof raw === "string" && typeof (parseJson(raw) as { type?: unknown } | undefined)?.type === "string");
  if (wholeAt >= 0) {
    body = parseJson(flags[wholeAt]![1] as string) as Record<string, unknown>;
    type ??= body.type as string;
  }
  const ep = type ? endpoints[type] : undefined;
  if (!ep) {
    const hint = type ? closeNames(type, Object.keys(endpoints)) : [];
    throw new ValidationError("info request", [{ path: "type", value: type, expected: "a known info type" }], { hint: `${hint.length ? `Did you mean ${hint.join(", ")}? ` : ""}\`hl schema --list\` lists them all.` });
  }
  const root: Schema | undefined = defs()[ep.request];
  for (const [i, [key, raw]] of flags.entries()) {
    if (OWN_FLAGS.has(key)) options[key] = raw;
    else if (i !== wholeAt) {
      const path = pathOf(key, root);
      setAt(body, path, coerce(raw, schemaAt(root, path)));
    }
  }
  body.type = ep.type;
  const issues = validate(ep.request, body).map((i) => ({ ...i, path: `--${i.path.replace(/\[(\d+)\]/g, ".$1")}` }));
  if (issues.length) throw new ValidationError(`${ep.type} request`, issues, { hint: `Nothing was sent. \`hl schema ${ep.request}\` shows the fields.` });
  return { ep, body, options };
}

function usage(): string {
  return "usage: hl info <type> [--field value …] [--req '{\"type\":…}'] [--url URL|mainnet|testnet|local] [--timeout ms] [--retries N] [--compact]";
}

export async function run(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes("--help")) {
    (argv.length ? console.log : console.error)(usage());
    return argv.length ? 0 : 2;
  }
  let built: ReturnType<typeof buildRequest>;
  let url: string;
  try {
    built = buildRequest(argv);
    const u = built.options.url;
    url = network(typeof u === "string" ? u : "local").apiUrl;
  } catch (e) {
    console.error(`hl info: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const { ep, body, options } = built;
  const timeout = Number(options.timeout ?? 10_000);
  const retries = Number(options.retries ?? 2);
  if (!(timeout > 0) || !(retries >= 0)) {
    console.error(`hl info: --timeout must be a positive number of ms and --retries a count\n${usage()}`);
    return 2;
  }
  const transport = new HttpTransport({ url, timeout, retry: { attempts: retries + 1 } });
  const info = new InfoClient({ transport, validation: "warn", onValidationIssues: (type, issues) => console.error(`hl info: warning: the ${type} answer differs from the schema: ${issues.slice(0, 3).map((i) => `${i.path || "(root)"}: expected ${i.expected}`).join("; ")}`) });
  try {
    const { type: _type, ...params } = body;
    const method = (info as unknown as Record<string, (p: unknown) => Promise<unknown>>)[ep.method];
    if (typeof method !== "function") throw new ValidationError("info request", [{ path: "type", value: ep.type, expected: "a type with an InfoClient method" }]);
    const result = await method.call(info, params);
    process.stdout.write(`${JSON.stringify(result, null, options.compact ? undefined : 2)}\n`);
    return 0;
  } catch (e) {
    console.error(`hl info: ${e instanceof HyperliquidError ? e.message : e instanceof Error ? e.message : String(e)}`);
    return e instanceof ValidationError ? 2 : 1;
  } finally {
    await transport.close();
  }
}
