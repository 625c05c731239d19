/**
 * The official Python SDK (hyperliquid-python-sdk 0.24.0 in .venv-oracle), unchanged and pointed
 * at the devnet with its base URL: test/devnet/py_devnet.py drives its Info / Exchange classes
 * (queries, orders, transfers, an agent, WebSocket streams) and prints one JSON object.
 * Skipped without the venv unless CI=true or HL_PY_ORACLE=1 (then it is required).
 */
import { spawn } from "node:child_process";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { signUserSignedActionRaw } from "../../src/signing/user-signed.js";
import { privateKeyWallet } from "../../src/signing/wallet.js";
import { projectRoot } from "../helpers/shared.js";
import { pythonOracleAvailable } from "../oracle/oracle.js";

const required = process.env.HL_PY_ORACLE === "1" || process.env.CI === "true";
const skip = !pythonOracleAvailable() && !required;
if (skip) console.warn("Python venv not set up: run scripts/setup-python.sh (skipping the Python SDK devnet test)");

const PYTHON = `${projectRoot}/.venv-oracle/bin/python`;
const SCRIPT = `${projectRoot}/test/devnet/py_devnet.py`;
const TIMEOUT_MS = 60_000;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function runScript(url: string, key: string): Promise<{ code: number | null; out: Json; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The key goes through the environment only (not argv, not logs).
    const child = spawn(PYTHON, [SCRIPT, url], { env: { ...process.env, HL_DEVNET_KEY: key }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`py_devnet.py timed out; stderr: ${stderr.slice(-2000)}`));
    }, TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      try {
        resolve({ code, out: JSON.parse(stdout) as Json, stderr });
      } catch {
        reject(new Error(`py_devnet.py printed no JSON (exit ${code}): ${stdout.slice(-1000)}\n${stderr.slice(-2000)}`));
      }
    });
  });
}

const ok = (res: Json) => expect(res.status, JSON.stringify(res)).toBe("ok");
const statuses = (res: Json): Json[] => res.response.data.statuses;

describe.skipIf(skip)("hyperliquid-python-sdk against the devnet", () => {
  let devnet: Devnet;
  beforeAll(async () => {
    if (!pythonOracleAvailable()) throw new Error(".venv-oracle missing: run scripts/setup-python.sh");
    devnet = await startDevnet({ port: 0, seed: 17 });
  });
  afterAll(() => devnet?.close());

  it("queries, trades, transfers, approves an agent and streams, unchanged", { timeout: TIMEOUT_MS + 10_000 }, async () => {
    const key = generatePrivateKey();
    const address = privateKeyToAccount(key).address;
    devnet.fund(address, 100_000);
    // Enough traded volume for the script's create_sub_account (the exchange's $100,000 rule).
    await devnet.seed({ accounts: [{ address, volume: "100000" }] });
    const { code, out, stderr } = await runScript(devnet.url, key);
    expect(stderr).not.toContain(key.slice(2));
    expect(out.error, stderr.slice(-3000)).toBeUndefined();
    expect(code).toBe(0);
    expect(out.ok).toBe(true);

    // Constructors: meta and spotMeta loaded; a non-mainnet URL is testnet, like the devnet.
    expect(out.isMainnet).toBe(false);
    expect(devnet.isMainnet).toBe(false);
    expect(out.perps).toEqual(["BTC", "ETH", "SOL"]);
    expect(out.nameToCoin["PURR/USDC"]).toBe("PURR/USDC");
    expect(out.nameToCoin["HYPE/USDC"]).toMatch(/^@\d+$/);
    expect(Object.keys(out.mids)).toEqual(["BTC", "ETH", "SOL"]);
    expect(out.l2.coin).toBe("BTC");
    expect(out.l2.levels[0]).toBeGreaterThan(0);
    expect(out.l2.levels[1]).toBeGreaterThan(0);
    expect(Number(out.userStateBefore.accountValue)).toBe(100_000);

    // Resting order, queried, modified, canceled.
    ok(out.order);
    const oid = statuses(out.order)[0]!.resting.oid as number;
    expect(out.openOrders.map((o: Json) => o.oid)).toEqual([oid]);
    expect(out.frontendOpenOrders[0]).toMatchObject({ oid, coin: "BTC", side: "B", sz: "0.01", orderType: "Limit", tif: "Gtc", reduceOnly: false });
    expect(out.orderStatus).toMatchObject({ status: "order", order: { status: "open", order: { oid, coin: "BTC" } } });
    ok(out.modify);
    expect(statuses(out.modify)[0]).toHaveProperty("resting");
    expect(out.openOrdersAfterModify).toHaveLength(1);
    expect(out.openOrdersAfterModify[0].sz).toBe("0.02");
    ok(out.cancel);
    expect(statuses(out.cancel)).toEqual(["success"]);
    expect(out.openOrdersAfterCancel).toEqual([]);

    // Leverage and a market round trip.
    ok(out.updateLeverage);
    expect(out.updateLeverage.response).toEqual({ type: "default" });
    ok(out.marketOpen);
    expect(statuses(out.marketOpen)[0]!.filled.totalSz).toBe("0.5");
    expect(out.positionsAfterOpen).toEqual({ ETH: "0.5" });
    expect(out.leverageAfterOpen).toEqual([{ type: "cross", value: 10 }]);
    ok(out.marketClose);
    expect(statuses(out.marketClose)[0]!.filled.totalSz).toBe("0.5");
    expect(out.positionsAfterClose).toEqual({});

    // Bulk orders rest, bulk cancel.
    ok(out.bulkOrders);
    expect(statuses(out.bulkOrders).map((s) => Object.keys(s))).toEqual([["resting"], ["resting"]]);
    expect(statuses(out.bulkCancel)).toEqual(["success", "success"]);

    // Transfers.
    ok(out.usdTransfer);
    ok(out.usdClassTransfer);
    const usdc = out.spotUserState.balances.find((b: Json) => b.coin === "USDC");
    expect(Number(usdc?.total)).toBe(100);

    // The agent trades for its user.
    ok(out.approveAgent);
    ok(out.agentOrder);
    const agentOid = statuses(out.agentOrder)[0]!.resting.oid as number;
    expect(out.agentOpenOrders.map((o: Json) => o.oid)).toEqual([agentOid]);
    expect(statuses(out.agentCancel)).toEqual(["success"]);
    expect(statuses(out.agentMarketOpen)[0]).toHaveProperty("filled");
    expect(statuses(out.agentMarketClose)[0]).toHaveProperty("filled");
    expect(out.positionsAtEnd).toEqual({});

    // Fills: ETH open/close and SOL open/close, newest first.
    expect(out.userFills.length).toBeGreaterThanOrEqual(4);
    expect(new Set(out.userFills.map((f: Json) => f.coin))).toEqual(new Set(["ETH", "SOL"]));

    // Streams, routed by the SDK's own channel/identifier logic.
    expect(out.l2BookStreamSeen).toBe(true);
    expect(out.l2BookFirst).toMatchObject({ channel: "l2Book", data: { coin: "BTC" } });
    expect(out.userFillsStreamSeen).toBe(true);
    expect(out.userFillsMessages[0]).toMatchObject({ channel: "userFills", user: address.toLowerCase(), isSnapshot: true });
    expect(out.userFillsMessages.some((m: Json) => !m.isSnapshot && m.fills > 0)).toBe(true);
    // Every channel the SDK routes got a message it could route (no exception in its on_message,
    // nothing printed as "from an unexpected subscription").
    for (const [name, seen] of Object.entries(out.streamsSeen as Record<string, boolean>)) expect(seen, name).toBe(true);
    expect(out.streamChannels.userEvents).toEqual(["user"]);
    expect(out.wsErrors).toEqual([]);
    expect(out.sdkStdout).toBe("");

    // The rest of the SDK's Info queries answer without an error.
    for (const [name, res] of Object.entries(out.infoSweep as Record<string, Json | null>)) expect(res?.exception, name).toBeUndefined();
    expect(out.infoSweep.meta_and_asset_ctxs).toBe(3);
    expect(out.infoSweep.portfolio).toContain("allTime");

    // ...and its other Exchange actions, including str(float) amounts ("1.0", "5.0") in user-signed actions.
    const x = out.exchangeSweep as Record<string, Json>;
    for (const [name, res] of Object.entries(x)) expect(res?.exception, name).toBeUndefined();
    for (const name of [
      "bulk_modify_cloid",
      "cancel_by_cloid",
      "order_expires_after",
      "cancel_expires_after",
      "spot_market_open",
      "spot_transfer",
      "send_asset",
      "update_leverage_isolated",
      "market_open_isolated",
      "update_isolated_margin",
      "market_close_isolated",
      "schedule_cancel",
      "create_sub_account",
      "sub_account_transfer",
      "sub_account_spot_transfer",
      "approve_builder_fee",
      "withdraw_from_bridge",
    ])
      ok(x[name]!);
    expect(statuses(x.order_cloid!)[0]).toEqual({ resting: { oid: expect.any(Number), cloid: "0x00000000000000000000000000000007" } });
    expect(x.query_order_by_cloid).toMatchObject({ status: "order", order: { status: "open", order: { cloid: "0x00000000000000000000000000000007" } } });
    expect(statuses(x.cancel_by_cloid!)).toEqual(["success"]);
    expect(Number(x.spot_balances!.PURR)).toBeGreaterThan(99);
    expect(x.isolated_leverage).toEqual([expect.objectContaining({ type: "isolated", value: 5 })]);
    expect(x.market_close_no_position).toBeNull();
    expect(x.create_sub_account!.response.data).toMatch(/^0x[0-9a-f]{40}$/);
    expect(x.max_builder_fee).toBe(1);
  });
});

// Runs without the venv: the wire fact behind the devnet's leniency for user-signed amounts.
describe("user-signed amounts as the Python SDK writes them (str(float))", () => {
  it('accepts "10.0" in a usdSend (signed as sent) and still rejects a malformed amount', async () => {
    const devnet = await startDevnet({ port: 0 });
    try {
      const wallet = privateKeyWallet(generatePrivateKey());
      devnet.fund(wallet.address, 1000);
      const post = async (amount: string, time: number) => {
        const action = {
          type: "usdSend",
          signatureChainId: "0x66eee",
          hyperliquidChain: "Testnet",
          destination: "0x000000000000000000000000000000000000dead",
          amount,
          time,
        };
        const signature = await signUserSignedActionRaw({ wallet, action });
        const res = await fetch(`${devnet.url}/exchange`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ action, nonce: time, signature }),
        });
        return { status: res.status, text: await res.text() };
      };
      const now = Date.now();
      expect(await post("10.0", now)).toEqual({ status: 200, text: JSON.stringify({ status: "ok", response: { type: "default" } }) });
      expect(await post("10.50", now + 1)).toMatchObject({ status: 200 });
      const bad = await post("1e3", now + 2);
      expect(bad.status).toBe(422);
      expect(bad.text).toContain("amount");
    } finally {
      await devnet.close();
    }
  });
});
