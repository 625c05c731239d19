/**
 * Every info and explorer type: the client method sends exactly `{type, ...params}` to the
 * right endpoint, a realistic response passes the strict validator and comes back unchanged,
 * and a copy with one wrong-typed value is refused.
 */
import { describe, expect, it } from "vitest";
import { explorerEndpoints, infoEndpoints } from "../../generated/ts/registry.js";
import { validate } from "../../generated/ts/validate.js";
import { ExplorerClient, InfoClient, ResponseValidationError } from "../../src/clients/info.js";
import { ValidationError } from "../../src/errors/base.js";
import type { Endpoint, Transport } from "../../src/transport/types.js";
import type { EndpointFixture } from "../fixtures/info/common.js";
import { explorerBlockEvent, explorerFixtures, explorerTxsEvent } from "../fixtures/info/explorer.js";
import { marketFixtures } from "../fixtures/info/market.js";
import { userFixtures } from "../fixtures/info/user.js";

const infoFixtures = [...marketFixtures, ...userFixtures];

function fake(response: unknown): Transport & { sent: { endpoint: Endpoint; body: unknown }[] } {
  const sent: { endpoint: Endpoint; body: unknown }[] = [];
  return { sent, request: async (endpoint, body) => (sent.push({ endpoint, body }), structuredClone(response)) };
}

/** The first leaf: follows the first key / index down to a scalar. */
function firstLeaf(value: unknown, path: (string | number)[] = []): (string | number)[] {
  if (Array.isArray(value) && value.length) return firstLeaf(value[0], [...path, 0]);
  if (value && typeof value === "object" && Object.keys(value).length) {
    const k = Object.keys(value)[0]!;
    return firstLeaf((value as Record<string, unknown>)[k], [...path, k]);
  }
  return path;
}

/** A copy with a value of the wrong JSON type at `path`. */
function broken(root: unknown, path: (string | number)[]): unknown {
  const wrong = (v: unknown): unknown => (typeof v === "string" ? 12345 : v === null ? 12345 : "not-the-right-type");
  if (!path.length) return wrong(root);
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  parent[last] = wrong(parent[last]);
  return copy;
}

const label = (f: EndpointFixture): string => `${f.type} ${JSON.stringify(f.params)}`;

function suite(
  kind: "info" | "explorer",
  fixtures: EndpointFixture[],
  endpoints: Record<string, { request: string; response: string }>,
  make: (t: Transport) => unknown,
): void {
  it(`covers every ${kind} type`, () => {
    const covered = new Set(fixtures.map((f) => f.type));
    expect(Object.keys(endpoints).filter((t) => !covered.has(t))).toEqual([]);
  });

  it.each(fixtures.map((f) => [label(f), f] as const))("%s", async (_name, f) => {
    const ep = endpoints[f.type]!;
    const method = f.type;
    // Request encoding: exactly {type, ...params} to the right endpoint, and a valid request.
    const t = fake(f.response);
    const client = make(t) as Record<string, (p?: unknown) => Promise<unknown>>;
    const res = await client[method]!(Object.keys(f.params).length ? f.params : undefined);
    expect(t.sent).toEqual([{ endpoint: kind, body: { type: f.type, ...f.params } }]);
    expect(Object.keys(t.sent[0]!.body as object)).toEqual(["type", ...Object.keys(f.params)]);
    // The realistic response passes strict validation unchanged.
    expect(validate(ep.response as never, f.response)).toEqual([]);
    expect(res).toEqual(f.response);
    // One wrong-typed value is refused, by the validator and by a strict client.
    const path = f.breakAt ?? firstLeaf(f.response);
    const bad = broken(f.response, path);
    expect(validate(ep.response as never, bad).length, `mutated at ${JSON.stringify(path)}`).toBeGreaterThan(0);
    await expect((make(fake(bad)) as typeof client)[method]!(Object.keys(f.params).length ? f.params : undefined)).rejects.toBeInstanceOf(
      ResponseValidationError,
    );
  });
}

describe("info endpoints (all types)", () => {
  suite(
    "info",
    infoFixtures,
    infoEndpoints as unknown as Record<string, { request: string; response: string }>,
    (t) => new InfoClient({ transport: t, validation: "strict" }),
  );

  it("refuses a bad request before sending", async () => {
    const t = fake(null);
    const info = new InfoClient({ transport: t, validation: "strict" });
    await expect(info.tokenDetails({ tokenId: "6d1e" })).rejects.toBeInstanceOf(ValidationError);
    await expect(info.delegations({ user: "0x12" })).rejects.toBeInstanceOf(ValidationError);
    await expect(info.marginTable({ id: -1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(info.vaultDetails({ vaultAddress: "0x5e9ee1089755c3435139848e47e6635505d5a13a", extra: 1 } as never)).rejects.toBeInstanceOf(ValidationError);
    expect(t.sent).toEqual([]);
  });

  it("warn mode reports and returns the odd response", async () => {
    const seen: string[] = [];
    const info = new InfoClient({
      transport: fake({ time: "soon", specialStatuses: null }),
      validation: "warn",
      onValidationIssues: (type) => seen.push(type),
    });
    expect(await info.exchangeStatus()).toEqual({ time: "soon", specialStatuses: null });
    expect(seen).toEqual(["exchangeStatus"]);
  });
});

describe("explorer endpoints", () => {
  suite(
    "explorer",
    explorerFixtures,
    explorerEndpoints as unknown as Record<string, { request: string; response: string }>,
    (t) => new ExplorerClient({ transport: t, validation: "strict" }),
  );

  it("InfoClient.explorer shares the transport and sends to the explorer endpoint", async () => {
    const t = fake(explorerFixtures[1]!.response);
    const info = new InfoClient({ transport: t, validation: "strict" });
    await info.explorer.txDetails({ hash: explorerFixtures[1]!.params.hash as string });
    expect(t.sent[0]!.endpoint).toBe("explorer");
  });

  it("explorerBlock / explorerTxs feed payloads have schema types", () => {
    expect(validate("ExplorerBlockEvent", explorerBlockEvent)).toEqual([]);
    expect(validate("ExplorerTxsEvent", explorerTxsEvent)).toEqual([]);
    expect(validate("ExplorerBlockEvent", broken(explorerBlockEvent, [0, "height"])).length).toBeGreaterThan(0);
    expect(validate("ExplorerTxsEvent", broken(explorerTxsEvent, [0, "user"])).length).toBeGreaterThan(0);
    expect(validate("ExplorerBlockSubscription", { type: "explorerBlock" })).toEqual([]);
  });
});
