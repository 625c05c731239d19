/**
 * `hl conformance <file-or-dir>…`: validates every interaction of every cassette
 * (`{interactions:[{request:{method,path,body},response:{status,body}}]}`): the request body
 * must be valid params for its `type` (ajv input validators), the response must pass that
 * type's single-pass parser, whose explanation names the path (strict).
 * Prints one line per failure with the JSON path, then `N passed, N failed`; exits 1 on failure.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { explorerEndpoints, infoEndpoints } from "../../../generated/ts/registry.js";
import { validate, type Issue, type MessageName } from "../../../generated/ts/validate.js";
import { explain } from "../../../generated/ts/parsers.js";
import { report, runCommand, UsageError, type CommandSpec } from "../args.js";

type Endpoints = Readonly<Record<string, { readonly request: MessageName; readonly response: MessageName }>>;
const BY_PATH: Record<string, Endpoints> = { "/info": infoEndpoints, "/explorer": explorerEndpoints };

/** Issues of a recorded response body (text as recorded, or its JSON value). */
function responseIssues(message: MessageName, body: unknown): Issue[] {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  if (text === undefined) return [{ path: "", value: body, expected: "a JSON body" }];
  const explained = explain(message, text);
  if (!explained) return validate(message, body);
  return explained.ok ? [] : explained.issues;
}

interface Interaction {
  request?: { method?: string; path?: string; body?: unknown };
  response?: { status?: number; body?: unknown };
}

function files(target: string): string[] {
  return statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => join(target, f))
    : [target];
}

/** Problems of one interaction, as `location: message` strings. */
export function checkInteraction(it: Interaction): string[] {
  const path = it.request?.path ?? "/info";
  const body = typeof it.request?.body === "string" ? (JSON.parse(it.request.body) as unknown) : it.request?.body;
  const type = (body as { type?: unknown } | undefined)?.type;
  const endpoints = BY_PATH[path];
  if (!endpoints) return [`request.path: ${path} is not an info or explorer path`];
  const ep = typeof type === "string" ? endpoints[type] : undefined;
  if (!ep) return [`request.body.type: ${JSON.stringify(type)} is not a known ${path.slice(1)} type`];
  const problems = validate(ep.request, body).map((i) => `request.body${i.path ? `.${i.path}` : ""}: expected ${i.expected}`);
  if (it.response?.status !== undefined && it.response.status !== 200) problems.push(`response.status: ${it.response.status}`);
  else
    problems.push(
      ...responseIssues(ep.response, it.response?.body).map(
        (i) => `response.body${i.path ? (i.path.startsWith("[") ? i.path : `.${i.path}`) : ""}: expected ${i.expected}`,
      ),
    );
  return problems;
}

export const spec: CommandSpec<Record<string, never>> = {
  name: "conformance",
  summary: "Validate record/replay cassettes against the schema: request params for their type, and the response.",
  positionals: "<cassette.json | directory>…",
  description: "Prints one line per failure with the JSON path, then `N passed, N failed`; exit 1 on any failure.",
  options: {},
  examples: ["hl conformance test/cassettes/", "hl conformance recorded/l2Book.json recorded/meta.json"],
};

export function run(argv: string[]): Promise<number> {
  return runCommand(spec, argv, async ({ positionals }) => {
    if (positionals.length === 0)
      return report(new UsageError("hl conformance: missing <cassette.json | directory>", { hint: "`hl conformance --help` shows the usage." }));
    return check(positionals);
  });
}

function check(argv: string[]): number {
  let passed = 0;
  let failed = 0;
  for (const target of argv) {
    for (const file of files(target)) {
      let interactions: Interaction[];
      try {
        interactions = (JSON.parse(readFileSync(file, "utf8")) as { interactions: Interaction[] }).interactions;
        if (!Array.isArray(interactions)) throw new Error("no interactions array");
      } catch (e) {
        console.log(`${file}: unreadable cassette: ${e instanceof Error ? e.message : String(e)}`);
        failed++;
        continue;
      }
      interactions.forEach((it, i) => {
        const problems = checkInteraction(it);
        if (problems.length === 0) passed++;
        else {
          failed++;
          for (const p of problems) console.log(`${file}#${i} ${p}`);
        }
      });
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}
