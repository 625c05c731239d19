/**
 * Every info type of the schema against the devnet: each one it serves answers with a body that
 * passes the strict response validator (requests from the same realistic fixtures as the
 * client tests, pointed at devnet coins); the rest are refused with the real 422 shape.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { infoEndpoints } from "../../generated/ts/registry.js";
import { validate, type MessageName } from "../../generated/ts/validate.js";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { USER } from "../fixtures/info/common.js";
import { marketFixtures } from "../fixtures/info/market.js";
import { userFixtures } from "../fixtures/info/user.js";

let devnet: Devnet;
beforeAll(async () => {
  devnet = await startDevnet({ port: 0, seed: 21, fund: { [USER]: "1000" } });
});
afterAll(() => devnet.close());

/** Fixture params, with coins and dexes the devnet has. */
function onDevnet(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  if (typeof out.coin === "string") out.coin = "BTC";
  if (typeof out.dex === "string") out.dex = "";
  if (out.req && typeof out.req === "object") out.req = { ...(out.req as object), coin: "BTC" };
  if (typeof out.tokenId === "string") out.tokenId = devnet.engine.tokens[1]!.tokenId;
  return out;
}

describe("devnet info coverage", () => {
  it("answers every type it serves with a strictly valid body, and refuses the others with 422", async () => {
    const endpoints = infoEndpoints as unknown as Record<string, { request: string; response: string }>;
    const served: string[] = [];
    const refused: string[] = [];
    const invalid: string[] = [];
    for (const fixture of [...marketFixtures, ...userFixtures]) {
      const body = { type: fixture.type, ...onDevnet(fixture.params) };
      const res = await fetch(`${devnet.url}/info`, { method: "POST", body: JSON.stringify(body) });
      if (res.status === 422) {
        expect(await res.text()).toMatch(/^Failed to deserialize the JSON body into the target type: /);
        refused.push(fixture.type);
        continue;
      }
      expect(res.status, fixture.type).toBe(200);
      const issues = validate(endpoints[fixture.type]!.response as MessageName, await res.json());
      if (issues.length) invalid.push(`${fixture.type}: ${JSON.stringify(issues.slice(0, 3))}`);
      served.push(fixture.type);
    }
    expect(invalid).toEqual([]);
    expect(new Set([...served, ...refused]).size).toBe(Object.keys(endpoints).length);
    expect(new Set(served).size, `refused: ${[...new Set(refused)].join(", ")}`).toBeGreaterThanOrEqual(55);
  });
});
