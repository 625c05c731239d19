/**
 * Info response handling: JSON.parse of the raw answer + schema validation, on the largest
 * recorded responses in ../shared/conformance/recorded-info (read at run time, never copied),
 * with this SDK (generated ajv validators) against @nktkas/hyperliquid.
 *
 * @nktkas/hyperliquid validates requests (valibot) but not responses: its HttpTransport does
 * `response.json()` and checks `body?.type === "error"`, and its info methods return that as is
 * (no response schemas are exported). Its row is exactly that work. Ours is what InfoClient
 * does: the generated single-pass parser (parse and schema check in one scan), falling back to
 * JSON.parse + the ajv validator (its own row) when the parser declines the text.
 *
 * A second set of groups runs whole requests against a loopback server that answers with the
 * recorded bytes: our InfoClient (undici, strict validation) against nk's info functions over its
 * HttpTransport (fetch, response clone, no validation).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpTransport as NkHttpTransport } from "@nktkas/hyperliquid";
import * as nkInfo from "@nktkas/hyperliquid/api/info";
import { InfoClient } from "../src/clients/info.js";
import { HttpTransport } from "../src/transport/http/http-transport.js";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { infoEndpoints } from "../generated/ts/registry.js";
import { validate, type MessageName } from "../generated/ts/validate.js";
import { parseChecked } from "../generated/ts/parsers.js";
import { measure, printGroup, type Result } from "./harness.js";

const recordedDir = resolve(fileURLToPath(new URL("..", import.meta.url)), "../shared/conformance/recorded-info");
/** The response types benchmarked, in print order (the largest recording of each). */
const TYPES = ["userFills", "fundingHistory", "userFunding", "openOrders", "clearinghouseState", "l2Book", "meta"];
/** The types also measured as whole HTTP requests. */
const ROUND_TRIP = ["userFills", "fundingHistory", "l2Book", "meta"];

interface Sample {
  type: string;
  file: string;
  text: string;
  response: MessageName;
  params: Record<string, unknown>;
}

/**
 * Rows measured in turn, `rounds` times, keeping each row's best run: on a shared machine a
 * burst of load then hits every implementation alike instead of whichever ran during it.
 */
async function interleaved(rows: [string, () => unknown][], { rounds = 3, durationMs = 500 } = {}): Promise<Result[]> {
  const best: (Result | undefined)[] = rows.map(() => undefined);
  for (let r = 0; r < rounds; r++) {
    for (const [i, [name, fn]] of rows.entries()) {
      const res = await measure(name, fn, { warmupMs: r === 0 ? 300 : 50, durationMs });
      if (!best[i] || res.opsPerSec > best[i].opsPerSec) best[i] = res;
    }
  }
  return best as Result[];
}

function samples(): Sample[] {
  const best = new Map<string, Sample>();
  for (const file of readdirSync(recordedDir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const cassette = JSON.parse(readFileSync(join(recordedDir, file), "utf8")) as {
      interactions: { request: { body: unknown }; response: { status?: number; body: unknown } }[];
    };
    for (const it of cassette.interactions) {
      const req = (typeof it.request.body === "string" ? JSON.parse(it.request.body) : it.request.body) as { type?: string };
      const ep = (infoEndpoints as unknown as Record<string, { response: MessageName } | undefined>)[req.type ?? ""];
      if (!ep || !req.type || !TYPES.includes(req.type) || (it.response.status ?? 200) !== 200) continue;
      const text = typeof it.response.body === "string" ? it.response.body : JSON.stringify(it.response.body);
      const { type: _t, ...params } = req as Record<string, unknown>;
      if (text.length > (best.get(req.type)?.text.length ?? -1)) best.set(req.type, { type: req.type, file, text, response: ep.response, params });
    }
  }
  return TYPES.flatMap((t) => best.get(t) ?? []);
}

/** What @nktkas/hyperliquid's HttpTransport does with a 200 answer before returning it. */
function nkHandle(text: string): unknown {
  const body = JSON.parse(text) as { type?: unknown } | null;
  if (body !== null && typeof body === "object" && !Array.isArray(body) && body.type === "error") throw new Error("api error");
  return body;
}

/** What InfoClient does with a 200 answer: the generated single-pass parser, else JSON.parse + validator. */
function oursHandle(text: string, response: MessageName): unknown {
  const fast = parseChecked(response, text);
  if (fast !== undefined) return fast;
  return genericHandle(text, response);
}

/** The generic path (JSON.parse, then the ajv validator): what ours falls back to. */
function genericHandle(text: string, response: MessageName): unknown {
  const body = JSON.parse(text) as unknown;
  if (validate(response, body).length) throw new Error("invalid");
  return body;
}

export async function runInfoBench(): Promise<void> {
  if (!existsSync(recordedDir)) {
    console.log(`\n## info response parse + validate\nskipped: ${recordedDir} not found (../shared must sit beside the project)`);
    return;
  }
  for (const s of samples()) {
    const issues = validate(s.response, JSON.parse(s.text));
    if (issues.length) {
      printGroup(`${s.type} (${s.file})`, [
        { name: "hyperliquid-sdk (this)", skipped: `recording fails the schema: ${issues[0]!.path} ${issues[0]!.expected}` },
      ]);
      continue;
    }
    const kb = (s.text.length / 1024).toFixed(1);
    printGroup(
      `${s.type}: JSON.parse + validate, ${kb} KiB (${s.file})`,
      await interleaved([
        ["hyperliquid-sdk (this)", () => oursHandle(s.text, s.response)],
        ["@nktkas/hyperliquid (no validation)", () => nkHandle(s.text)],
        ["this, generic path (JSON.parse + ajv)", () => genericHandle(s.text, s.response)],
        ["bare JSON.parse", () => JSON.parse(s.text) as unknown],
      ]),
    );
  }
  await roundTrips(samples().filter((s) => ROUND_TRIP.includes(s.type)));
}

type Call = (params: Record<string, unknown>) => Promise<unknown>;

async function roundTrips(list: Sample[]): Promise<void> {
  const byType = new Map(list.map((s) => [s.type, s.text]));
  const server = createServer((req, res) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", () => {
      const text = byType.get((JSON.parse(data) as { type: string }).type);
      res.writeHead(text ? 200 : 404, { "content-type": "application/json" });
      res.end(text ?? "null");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const transport = new HttpTransport({ url });
  const ours = new InfoClient({ transport, validation: "strict" }) as unknown as Record<string, Call>;
  const nkTransport = new NkHttpTransport({ apiUrl: url });
  const nk = nkInfo as unknown as Record<string, (config: { transport: NkHttpTransport }, params: Record<string, unknown>) => Promise<unknown>>;
  try {
    for (const s of list) {
      const oursCall = ours[s.type]!.bind(ours);
      const nkCall = nk[s.type]!;
      printGroup(
        `${s.type}: whole request over loopback HTTP, ${(s.text.length / 1024).toFixed(1)} KiB`,
        await interleaved([
          ["hyperliquid-sdk (this, strict)", () => oursCall(s.params)],
          ["@nktkas/hyperliquid (no validation)", () => nkCall({ transport: nkTransport }, s.params)],
        ]),
      );
    }
  } finally {
    await transport.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}
