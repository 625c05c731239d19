/** Regression: a 32-byte secret passed by mistake is never echoed by an SDK error, in any rendering. */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExchangeClient } from "../../src/clients/exchange.js";
import { InfoClient } from "../../src/clients/info.js";
import { ApiError } from "../../src/errors/api.js";
import { HyperliquidError, ValidationError } from "../../src/errors/base.js";
import { ActionOutcomeUnknownError } from "../../src/errors/exchange.js";
import { REDACTED } from "../../src/errors/redact.js";
import { privateKeyWallet } from "../../src/signing/index.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";
import { HostileHttpServer, json } from "./hostile-server.js";

const KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const BARE = KEY.slice(2);
const wallet = privateKeyWallet("0x0123456789012345678901234567890123456789012345678901234567890123");

let server: HostileHttpServer;
beforeAll(async () => {
  server = await HostileHttpServer.start();
});
afterAll(() => server.close());

/** Every way an error gets printed. */
function renderings(e: unknown): string[] {
  const err = e as HyperliquidError;
  return [
    err.message,
    err.shortMessage,
    err.details ?? "",
    err.stack ?? "",
    String(err),
    JSON.stringify(err),
    inspect(err, { depth: 10 }),
    JSON.stringify((err as ValidationError).issues ?? []),
  ];
}

function expectRedacted(e: unknown): void {
  expect(e).toBeInstanceOf(HyperliquidError);
  for (const text of renderings(e)) expect(text.toLowerCase()).not.toContain(BARE.slice(0, 40));
  expect(renderings(e).some((t) => t.includes(REDACTED))).toBe(true);
}

describe("chaos: secrets in errors", () => {
  it("regression: a private key passed as user is not echoed in the ValidationError", async () => {
    const info = new InfoClient({ transport: new HttpTransport({ url: server.url }) });
    for (const user of [KEY, BARE, KEY.toUpperCase().replace("0X", "0x")]) {
      const e = await info.clearinghouseState({ user }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ValidationError);
      expectRedacted(e);
    }
  });

  it("regression: a private key passed as destination is not echoed in the ValidationError", async () => {
    const ex = new ExchangeClient({ wallet, transport: new HttpTransport({ url: server.url }), isMainnet: false });
    const e = await ex.usdSend({ destination: KEY, amount: "1" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expectRedacted(e);
  });

  it("32-byte values (keys, tx hashes, signature halves) in echoed bodies and payloads are redacted; returned data is not", async () => {
    server.behaviour = (res) => json(res, 500, `failed for ${KEY}`);
    const api = await new HttpTransport({ url: server.url, retry: { attempts: 1 } }).request("info", { type: "allMids" }).catch((x: unknown) => x);
    expect(api).toBeInstanceOf(ApiError);
    expectRedacted(api);
    expect((api as ApiError).body).toContain(KEY); // the raw field is the caller's to inspect

    server.behaviour = (res) => json(res, 502, "bad gateway");
    const ex = new ExchangeClient({ wallet, transport: new HttpTransport({ url: server.url }), isMainnet: false });
    const lost = (await ex.noop().catch((x: unknown) => x)) as ActionOutcomeUnknownError;
    expect(lost).toBeInstanceOf(ActionOutcomeUnknownError);
    const { r, s } = lost.payload.signature as { r: string; s: string };
    for (const text of renderings(lost)) expect(text).not.toContain(r.slice(2));
    expect(r).toMatch(/^0x[0-9a-f]{64}$/); // the payload itself stays resendable
    expect(s).toMatch(/^0x[0-9a-f]{64}$/);

    server.behaviour = (res) => json(res, 200, { hash: KEY });
    await expect(new HttpTransport({ url: server.url }).request("explorer", { type: "txDetails" })).resolves.toEqual({ hash: KEY });
  });
});
