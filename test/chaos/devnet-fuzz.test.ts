/**
 * Chaos: fast-check against a running devnet. Every info type, action type (unsigned and badly
 * signed) and subscription type from the generated tables, with prototype-named keys, wrong
 * types, huge values and random bytes. The devnet must stay up, answer 4xx (never 5xx), never
 * reach its catch-all (metrics outcome "internal", ws.internalErrors), and none of it may
 * change engine state (nothing here is authenticated). Bounded: ~30 s in all (CHAOS_FUZZ_MS).
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { actionSpecs, infoEndpoints, subscriptionEndpoints } from "../../src/index.js";

const BUDGET_MS = Number(process.env.CHAOS_FUZZ_MS ?? 30_000);
const PROTO = ["constructor", "toString", "hasOwnProperty", "__proto__", "valueOf", "prototype", "__defineGetter__", "isPrototypeOf"];
const FIELDS = [
  "user",
  "coin",
  "oid",
  "req",
  "startTime",
  "endTime",
  "nSigFigs",
  "mantissa",
  "interval",
  "vaultAddress",
  "dex",
  "builder",
  "orders",
  "cancels",
  "grouping",
  "signers",
  "destination",
  "amount",
  "time",
  "nonce",
  "asset",
  "leverage",
  "isCross",
  "twap",
  "payload",
  "signatures",
  "token",
  "hyperliquidChain",
  "signatureChainId",
];

const infoTypes = Object.keys(infoEndpoints);
const actionTypes = Object.keys(actionSpecs);
const subscriptionTypes = Object.keys(subscriptionEndpoints);

/** Values a hostile client sends: wrong types, huge and tiny numbers, long strings, deep nesting, prototype names. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2, maxKeys: 4 }),
  fc.constantFrom(...PROTO),
  fc.constantFrom(
    1e308,
    -1e308,
    2 ** 64,
    -(2 ** 63),
    Number.MAX_SAFE_INTEGER + 2,
    -1,
    0.1,
    1e-320,
    "NaN",
    "Infinity",
    "-0",
    "0x",
    `0x${"f".repeat(64)}`,
    `0x${"0".repeat(40)}`,
    "BTC",
    "@1",
    "PURR/USDC",
    "1m",
    "",
    null,
    true,
  ),
  fc.string({ maxLength: 8 }).map((s) => s.repeat(2000)),
  fc.integer({ min: 1, max: 400 }).map((depth) => JSON.parse(`${"[".repeat(depth)}1${"]".repeat(depth)}`) as unknown),
  fc.dictionary(fc.constantFrom(...PROTO, ...FIELDS), fc.anything({ maxDepth: 1 }), { maxKeys: 4 }),
);

/** An object with `type` and hostile fields, serialised so `__proto__` stays an own JSON key. */
const hostileObject = (types: string[]) =>
  fc
    .tuple(fc.constantFrom(...types, ...PROTO), fc.dictionary(fc.constantFrom(...FIELDS, ...PROTO), hostileValue, { maxKeys: 6 }), fc.boolean())
    .map(([type, fields, protoKey]) => {
      const body = JSON.stringify({ ...fields, type });
      return protoKey ? `{"__proto__":{"type":"l2Book","coin":"BTC"},${body.slice(1)}` : body;
    });

const signature = fc.oneof(
  fc.record({
    r: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString("hex")}`),
    s: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString("hex")}`),
    v: fc.constantFrom(27, 28),
  }),
  hostileValue,
);

const exchangeBody = fc
  .tuple(
    hostileObject([...actionTypes]),
    fc.oneof(fc.constant(Date.now()), hostileValue),
    signature,
    fc.option(hostileValue, { nil: undefined }),
    fc.option(hostileValue, { nil: undefined }),
  )
  .map(
    ([action, nonce, sig, vaultAddress, expiresAfter]) =>
      `{"action":${action},"nonce":${JSON.stringify(nonce) ?? "null"},"signature":${JSON.stringify(sig) ?? "null"}${vaultAddress === undefined ? "" : `,"vaultAddress":${JSON.stringify(vaultAddress) ?? "null"}`}${expiresAfter === undefined ? "" : `,"expiresAfter":${JSON.stringify(expiresAfter) ?? "null"}`}}`,
  );

const randomBytes = fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b));

let devnet: Devnet;
const T0 = Date.now();
beforeAll(async () => {
  // A frozen clock: the 1 s tick then changes nothing, so any state change is the fuzzer's doing.
  devnet = await startDevnet({ port: 0, seed: 99, now: () => T0, fund: { [`0x${"1".repeat(40)}`]: "1000" } });
});
afterAll(() => devnet.close());

/** A digest of everything in engine state a request could change. */
function stateDigest(d: Devnet): string {
  const e = d.engine;
  const plain = (_k: string, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v);
  const text = JSON.stringify(
    {
      accounts: [...e.accounts],
      orders: e.orders.size,
      twaps: [...e.twaps],
      agents: [...e.agentOwners],
      referral: [...e.referralCodes],
      counters: [e.nextOid, e.nextTid, e.nextHash, e.nextTwapId, e.nextFunding],
      oracle: [...e.oracle],
      books: [...e.books.keys()].map((c) => e.books.get(c)!.snapshot(20)),
    },
    plain,
  );
  return createHash("sha256").update(text).digest("hex");
}

async function internalCount(): Promise<number> {
  const text = await (await fetch(`${devnet.url}/metrics`)).text();
  return [...text.matchAll(/devnet_requests_total\{[^}]*outcome="internal"[^}]*\} (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0) + devnet.ws.internalErrors;
}

const postRaw = async (path: string, body: string | Buffer) => {
  const res = await fetch(`${devnet.url}${path}`, { method: "POST", body, headers: { "content-type": "application/json" } });
  await res.arrayBuffer();
  return res.status;
};

describe("chaos: devnet fuzz", () => {
  it(
    "HTTP /info and /exchange: hostile bodies answer 200/4xx, never 5xx, never the catch-all, and change no state",
    { timeout: BUDGET_MS + 30_000 },
    async () => {
      const before = stateDigest(devnet);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            hostileObject(infoTypes).map((b) => ["/info", b] as const),
            exchangeBody.map((b) => ["/exchange", b] as const),
            fc.tuple(fc.constantFrom("/info", "/exchange"), randomBytes),
          ),
          async ([path, body]) => {
            const status = await postRaw(path, body);
            expect([200, 400, 413, 422]).toContain(status);
          },
        ),
        { numRuns: 4000, interruptAfterTimeLimit: BUDGET_MS * 0.45, markInterruptAsFailure: false },
      );
      expect(await internalCount()).toBe(0);
      expect(stateDigest(devnet)).toBe(before);
      expect(await postRaw("/info", '{"type":"allMids"}')).toBe(200);
    },
  );

  it(
    "WebSocket subscribe / unsubscribe / post: errors come back as frames, the connection and the process stay up, state is unchanged",
    { timeout: BUDGET_MS + 30_000 },
    async () => {
      const before = stateDigest(devnet);
      const ws = new WebSocket(devnet.wsUrl);
      await new Promise((r, j) => ws.once("open", r).once("error", j));
      let closed = false;
      ws.on("close", () => (closed = true));
      const pongs: number[] = [];
      ws.on("message", (d) => {
        if (d.toString() === '{"channel":"pong"}') pongs.push(Date.now());
      });
      const frame = fc.oneof(
        hostileObject(subscriptionTypes).map((s) => `{"method":"subscribe","subscription":${s}}`),
        hostileObject(subscriptionTypes).map((s) => `{"method":"unsubscribe","subscription":${s}}`),
        fc
          .tuple(hostileValue, hostileObject(infoTypes))
          .map(([id, p]) => `{"method":"post","id":${JSON.stringify(id) ?? 1},"request":{"type":"info","payload":${p}}}`),
        fc.tuple(fc.nat(), exchangeBody).map(([id, p]) => `{"method":"post","id":${id},"request":{"type":"action","payload":${p}}}`),
        fc
          .tuple(fc.constantFrom(...PROTO, "subscribe", "post", "ping"), hostileValue)
          .map(([method, v]) => `{"method":${JSON.stringify(method)},"subscription":${JSON.stringify(v) ?? 1},"request":${JSON.stringify(v) ?? 1}}`),
        randomBytes.map((b) => b.toString("latin1")),
        randomBytes,
      );
      await fc.assert(
        fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 20 }), async (frames) => {
          for (const f of frames) ws.send(f);
          const seen = pongs.length;
          ws.send('{"method":"ping"}');
          const until = Date.now() + 5000;
          while (pongs.length === seen && !closed && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
          expect(closed).toBe(false);
          expect(pongs.length).toBeGreaterThan(seen);
        }),
        { numRuns: 2000, interruptAfterTimeLimit: BUDGET_MS * 0.45, markInterruptAsFailure: false },
      );
      ws.close();
      expect(await internalCount()).toBe(0);
      expect(stateDigest(devnet)).toBe(before);
    },
  );
});
