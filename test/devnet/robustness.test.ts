/** The devnet under bad input and faults: never crashes, real error shapes, admin, state on disk, CLI. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { ExchangeClient, HttpTransport, InfoClient, RateLimitError, privateKeyWallet } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { limit, statuses } from "./harness.js";

let devnet: Devnet;
beforeAll(async () => {
  devnet = await startDevnet({ port: 0, seed: 13, maxBodyBytes: 64 * 1024 });
});
afterAll(() => devnet.close());

const post = (path: string, body: string) => fetch(`${devnet.url}${path}`, { method: "POST", body, headers: { "content-type": "application/json" } });

describe("devnet robustness", () => {
  it("answers malformed JSON, unknown types, wrong types and oversized bodies like the real API", async () => {
    expect((await post("/info", "{nope")).status).toBe(400);
    const unknown = await post("/info", JSON.stringify({ type: "nope" }));
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toMatch(/^Failed to deserialize the JSON body into the target type: unknown variant `nope`/);
    const wrong = await post("/info", JSON.stringify({ type: "l2Book", coin: 5 }));
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toMatch(/coin/);
    expect((await post("/exchange", JSON.stringify({ action: { type: "order" }, nonce: 1, signature: { r: "0x1", s: "0x1", v: 27 } }))).status).toBe(422);
    expect((await post("/info", JSON.stringify({ type: "allMids", pad: "x".repeat(70 * 1024) }))).status).toBe(413);
    expect((await fetch(`${devnet.url}/nowhere`)).status).toBe(404);
  });

  it("survives arbitrary bodies on every endpoint (fast-check)", async () => {
    const body = fc.oneof(
      fc.json(),
      fc.string(),
      fc
        .record({
          type: fc.constantFrom("l2Book", "clearinghouseState", "candleSnapshot", "orderStatus", "userFills"),
          coin: fc.anything(),
          user: fc.anything(),
          oid: fc.anything(),
          req: fc.anything(),
        })
        .map((v) => JSON.stringify(v)),
      fc
        .record({
          action: fc.record({ type: fc.constantFrom("order", "cancel", "usdSend", "multiSig", "modify"), orders: fc.anything() }),
          nonce: fc.anything(),
          signature: fc.anything(),
          vaultAddress: fc.anything(),
        })
        .map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom("/info", "/exchange"), async (b, path) => {
        const res = await post(path, b);
        expect([200, 400, 413, 422]).toContain(res.status);
        await res.text();
      }),
      { numRuns: 300 },
    );
    expect((await post("/info", JSON.stringify({ type: "allMids" }))).status).toBe(200);
  });

  it("rejects bad signatures with the real error text", async () => {
    const body = { action: { type: "noop" }, nonce: Date.now(), signature: { r: `0x${"1".repeat(64)}`, s: `0x${"2".repeat(64)}`, v: 27 } };
    const res = (await (await post("/exchange", JSON.stringify(body))).json()) as { status: string; response: string };
    expect(res.status).toBe("err");
    expect(res.response).toMatch(/^User or API Wallet 0x[0-9a-f]{40} does not exist\.$|^Invalid signature\.$/);
  });

  it("admin: fund is loopback-only and validated; faults inject 429s and delays, {} clears", async () => {
    const user = privateKeyWallet(generatePrivateKey()).address;
    expect((await post("/devnet/fund", JSON.stringify({ user, usdc: "-5" }))).status).toBe(400);
    expect((await post("/devnet/fund", JSON.stringify({ user, usdc: "1234.5", spot: { PURR: "100" } }))).status).toBe(200);
    const info = new InfoClient({ transport: new HttpTransport({ url: devnet.url, retry: { attempts: 2, baseMs: 1, capMs: 2 } }), validation: "strict" });
    expect((await info.clearinghouseState({ user })).withdrawable).toBe("1234.5");
    expect((await info.spotClearinghouseState({ user })).balances[0]).toMatchObject({ coin: "PURR", total: "100.0" });
    await post("/devnet/faults", JSON.stringify({ errorRate: 1, status: 429 }));
    await expect(info.allMids({})).rejects.toBeInstanceOf(RateLimitError);
    await post("/devnet/faults", JSON.stringify({ delayMs: 150 }));
    const slow = new InfoClient({ transport: new HttpTransport({ url: devnet.url, timeout: 50, retry: { attempts: 1 } }) });
    await expect(slow.allMids({})).rejects.toThrow(/timed out|timeout/i);
    await post("/devnet/faults", "{}");
    expect(Object.keys(await info.allMids({}))).toContain("BTC");
  });

  it("--network mainnet: mainnet signatures trade, testnet ones recover another address", async () => {
    const mainnet = await startDevnet({ port: 0, network: "mainnet" });
    try {
      const wallet = privateKeyWallet(generatePrivateKey());
      mainnet.fund(wallet.address, 10_000);
      const transport = new HttpTransport({ url: mainnet.url });
      const good = new ExchangeClient({ wallet, transport, isMainnet: true });
      expect(statuses(await good.order({ orders: [limit(0, true, "60000", "0.01")], grouping: "na" }))[0]).toHaveProperty("resting");
      await good.usdSend({ destination: `0x${"2".repeat(40)}`, amount: "1" });
      const wrong = new ExchangeClient({ wallet, transport, isMainnet: false });
      await expect(wrong.order({ orders: [limit(0, true, "60000", "0.01")], grouping: "na" })).rejects.toThrow(/does not exist/);
      await expect(wrong.usdSend({ destination: `0x${"2".repeat(40)}`, amount: "1" })).rejects.toThrow(/Invalid hyperliquidChain: expected Mainnet/);
    } finally {
      await mainnet.close();
    }
  });

  it("--state keeps balances, open orders and nonces across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hl-devnet-"));
    const statePath = join(dir, "state.sqlite");
    try {
      const wallet = privateKeyWallet(generatePrivateKey());
      const first = await startDevnet({ port: 0, statePath, fund: { [wallet.address]: "5000" } });
      const exchange = new ExchangeClient({ wallet, transport: new HttpTransport({ url: first.url }), isMainnet: false });
      const nonce = Date.now();
      const placed = statuses(await exchange.order({ orders: [limit(0, true, "60000", "0.01")], grouping: "na" }, { nonce }));
      await first.close();
      const second = await startDevnet({ port: 0, statePath });
      try {
        const info = new InfoClient({ transport: new HttpTransport({ url: second.url }), validation: "strict" });
        expect((await info.openOrders({ user: wallet.address })).map((o) => o.oid)).toEqual([(placed[0] as { resting: { oid: number } }).resting.oid]);
        expect(Number((await info.clearinghouseState({ user: wallet.address })).marginSummary.accountValue)).toBe(5000);
        const again = new ExchangeClient({ wallet, transport: new HttpTransport({ url: second.url }), isMainnet: false });
        await expect(again.noop({ nonce })).rejects.toThrow(/duplicate nonce/);
        const cancel = await again.cancel({ cancels: [{ a: 0, o: (placed[0] as { resting: { oid: number } }).resting.oid }] });
        expect(statuses(cancel)).toEqual(["success"]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("`hl devnet` prints its address, serves, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["bin/hl.js", "devnet", "--port", "0", "--seed", "2", "--fund", `0x${"1".repeat(40)}=100`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const res = (await (
        await fetch(`${url}/info`, { method: "POST", body: JSON.stringify({ type: "clearinghouseState", user: `0x${"1".repeat(40)}` }) })
      ).json()) as { withdrawable: string };
      expect(res.withdrawable).toBe("100.0");
      const code = await new Promise<number | null>((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      });
      expect(code).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  }, 30_000);

  it("`hl stream` and `hl info` work against the devnet", async () => {
    // The snapshot is the first message; the book does not change here, so one is all there is.
    const stream = await runCli(["stream", "l2Book", "--coin", "BTC", "--url", devnet.wsUrl, "--count", "1"], { timeoutMs: 30_000 });
    expect(stream.code, stream.stderr).toBe(0);
    const lines = stream.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { channel: string; data: { coin: string } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ channel: "l2Book", data: { coin: "BTC" } });
    const info = await runCli(["info", "l2Book", "--coin", "ETH", "--url", devnet.url], { timeoutMs: 30_000 });
    expect(info.code, info.stderr).toBe(0);
    expect((JSON.parse(info.stdout) as { coin: string }).coin).toBe("ETH");
  }, 60_000);

  it("refuses bad CLI arguments with a message naming them", async () => {
    const child = spawn(process.execPath, ["bin/hl.js", "devnet", "--fund", "0x12=abc"], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--fund "0x12=abc": expected 0xADDRESS=USDC/);
  }, 30_000);
});
