/**
 * The trading CLI on the guard pipeline, spawned as `node bin/hl.js` against an in-process
 * devnet: order, cancel, cancel-all, positions, kill [--release], audit verify|tail, with
 * --config, --mode, --url, --json; refusals exit 1 and name the rule.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Wallet } from "@ethereumjs/wallet";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { runCli } from "../helpers/cli.js";

let devnet: Devnet;
let dir: string;
let n = 0;
beforeAll(async () => {
  devnet = await startDevnet({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), "hl-guard-cli-"));
});
afterAll(async () => {
  await devnet.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Trader {
  key: string;
  address: string;
  config: string;
  db: string;
  hl(args: string[], env?: Record<string, string>): ReturnType<typeof runCli>;
}

function trader(risk = ""): Trader {
  const key = generatePrivateKey();
  const address = privateKeyToAddress(key);
  devnet.fund(address, 100_000);
  const db = join(dir, `t${n}.db`);
  const config = join(dir, `t${n++}.toml`);
  writeFileSync(config, `mode = "live"\n[store]\npath = ${JSON.stringify(db)}\n[risk]\n${risk}\n`);
  return {
    key,
    address,
    config,
    db,
    hl: (args, env = {}) => runCli([...args, "--url", devnet.url, "--config", config], { env: { HL_PRIVATE_KEY: key, HL_MODE: "", ...env } }),
  };
}

const mid = (coin: string): number => Number(devnet.engine.midPx(coin));
const openOrders = (address: string): number => devnet.engine.existing(address)?.openOrders.size ?? 0;
const bid = (coin = "BTC"): string => String(Math.round(mid(coin) * 0.9));

describe("hl order / cancel / positions", { timeout: 120_000 }, () => {
  it("places a resting order, shows it, cancels it; every line carries the mode", async () => {
    const t = trader();
    const placed = await t.hl(["order", "--coin", "BTC", "--side", "buy", "--size", "0.001", "--price", bid()]);
    expect(placed.code, placed.stderr).toBe(0);
    expect(placed.stdout).toMatch(/^\[live local\] order BTC buy 0\.001 @ \d+ Gtc: resting oid (\d+)\n$/);
    const oid = /resting oid (\d+)/.exec(placed.stdout)![1]!;
    expect(openOrders(t.address)).toBe(1);

    const shown = await t.hl(["positions", "--json"]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      mode: "live",
      network: "local",
      user: t.address.toLowerCase(),
      openOrders: 1,
      killSwitch: { tripped: false },
    });

    const canceled = await t.hl(["cancel", "--coin", "BTC", "--oid", oid]);
    expect(canceled.code, canceled.stderr).toBe(0);
    expect(canceled.stdout).toBe(`[live local] cancel BTC oid ${oid}: canceled\n`);
    expect(openOrders(t.address)).toBe(0);
  });

  it("a market order fills; a risk refusal exits 1 naming the rule and sends nothing", async () => {
    const t = trader("max_order_notional = 1000");
    const filled = await t.hl(["order", "--coin", "ETH", "--side", "buy", "--size", "0.01", "--market", "--json"]);
    expect(filled.code, filled.stderr).toBe(0);
    expect(JSON.parse(filled.stdout)).toMatchObject({ mode: "live", order: { tif: "Ioc" }, status: { filled: { totalSz: "0.01" } } });

    const refused = await t.hl(["order", "--coin", "BTC", "--side", "buy", "--size", "1", "--price", bid(), "--json"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^hl order \[live local\]: Refused order on BTC: max_order_notional \d+ exceeds the limit 1000\./);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      mode: "live",
      error: { name: "RiskLimitError", rule: "max_order_notional", limit: "1000", coin: "BTC" },
    });
    expect(openOrders(t.address)).toBe(0);
    const tail = await runCli(["audit", "tail", "-n", "1", "--db", t.db, "--json"]);
    expect(JSON.parse(tail.stdout)).toMatchObject({ operation: "order", status: "rejected", mode: "live" });
  });

  it("--mode dry-run signs and prints the payload without sending; read-only (HL_MODE) refuses", async () => {
    const t = trader();
    const dry = await t.hl(["order", "--coin", "SOL", "--side", "buy", "--size", "1", "--price", bid("SOL"), "--mode", "dry-run", "--json"]);
    expect(dry.code, dry.stderr).toBe(0);
    const out = JSON.parse(dry.stdout) as { mode: string; dryRun: { payload: { nonce: number; signature: { v: number } } } };
    expect(out.mode).toBe("dry-run");
    expect(out.dryRun.payload.signature.v).toEqual(expect.any(Number));
    expect(openOrders(t.address)).toBe(0);

    const ro = await t.hl(["order", "--coin", "SOL", "--side", "buy", "--size", "1", "--price", bid("SOL")], { HL_MODE: "read-only" });
    expect(ro.code).toBe(1);
    expect(ro.stderr).toContain("hl order [read-only local]: Refused order: the guard rails are in read-only mode.");
    expect(openOrders(t.address)).toBe(0);
  });

  it("usage errors exit 2: did-you-mean, missing options, a price off the tick, no key", async () => {
    const t = trader();
    const typo = await t.hl(["order", "--coin", "BTC", "--szie", "1"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown option '--szie'; did you mean '--size'?");
    const both = await t.hl(["order", "--coin", "BTC", "--side", "buy", "--size", "1"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give exactly one of --price P or --market");
    const tick = await t.hl(["order", "--coin", "BTC", "--side", "buy", "--size", "0.001", "--price", "90000.5"]);
    expect(tick.code).toBe(2);
    expect(tick.stderr).toMatch(/price/i);
    const nokey = await runCli(["cancel-all", "--url", devnet.url, "--config", t.config], { env: { HL_PRIVATE_KEY: "" } });
    expect(nokey.code).toBe(2);
    expect(nokey.stderr).toContain("HL_PRIVATE_KEY is not set");
    const help = await runCli(["order", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--reduce-only");
    expect(help.stdout).toContain("--tif TIF");
  });
});

describe("hl kill / cancel-all", { timeout: 120_000 }, () => {
  it("kill cancels everything and blocks the next order across processes; reduce-only closes pass; --release unblocks", async () => {
    const t = trader();
    for (const coin of ["BTC", "ETH"]) expect((await t.hl(["order", "--coin", coin, "--side", "buy", "--size", "0.01", "--price", bid(coin)])).code).toBe(0);
    expect((await t.hl(["order", "--coin", "SOL", "--side", "buy", "--size", "1", "--market"])).code).toBe(0);
    expect(openOrders(t.address)).toBe(2);

    const kill = await t.hl(["kill", "--reason", "fat finger"]);
    expect(kill.code, kill.stderr).toBe(0);
    expect(kill.stdout).toBe("[live local] kill switch TRIPPED (fat finger); 2 of 2 open orders canceled\n");
    expect(openOrders(t.address)).toBe(0);

    const blocked = await t.hl(["order", "--coin", "BTC", "--side", "buy", "--size", "0.001", "--price", bid()]);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain("the kill switch is tripped (fat finger)");
    const close = await t.hl(["order", "--coin", "SOL", "--side", "sell", "--size", "1", "--market", "--reduce-only"]);
    expect(close.code, close.stderr).toBe(0);
    expect(close.stdout).toMatch(/reduce-only: filled 1(\.0)? @/);

    const release = await t.hl(["kill", "--release"], { HL_PRIVATE_KEY: "" });
    expect(release.code, release.stderr).toBe(0);
    expect(release.stdout).toContain("kill switch released (was tripped: fat finger)");
    expect((await t.hl(["order", "--coin", "BTC", "--side", "buy", "--size", "0.001", "--price", bid()])).code).toBe(0);
  });

  it("cancel-all cancels every open order without tripping", async () => {
    const t = trader();
    for (const coin of ["BTC", "ETH", "SOL"])
      await t.hl(["order", "--coin", coin, "--side", "buy", "--size", coin === "SOL" ? "1" : "0.01", "--price", bid(coin)]);
    expect(openOrders(t.address)).toBe(3);
    const res = await t.hl(["cancel-all", "--json"]);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ mode: "live", open: 3, canceled: 3 });
    expect(openOrders(t.address)).toBe(0);
    const shown = await t.hl(["positions"]);
    expect(shown.stdout).toContain("[live local] kill switch: released");
  });
});

describe("hl audit", { timeout: 120_000 }, () => {
  it("verify exits 0 with the row count, 1 naming the first broken row; tail -n prints the last rows", async () => {
    const t = trader();
    await t.hl(["order", "--coin", "BTC", "--side", "buy", "--size", "0.001", "--price", bid()]);
    const ok = await runCli(["audit", "verify", "--config", t.config]);
    expect(ok.code, ok.stderr).toBe(0);
    const rows = Number(/audit chain ok: (\d+) rows/.exec(ok.stdout)![1]);
    expect(rows).toBeGreaterThanOrEqual(3);

    const tail = await runCli(["audit", "tail", "-n", "2", "--db", t.db]);
    expect(tail.code).toBe(0);
    expect(tail.stdout.trim().split("\n")).toHaveLength(2);
    expect(tail.stdout).toMatch(/\[live\] order after\(#\d+\) ok/);

    const Sqlite = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
    const db = new Sqlite(t.db);
    db.prepare("UPDATE audit_log SET payload = '{}' WHERE id = 2").run();
    db.close();
    const broken = await runCli(["audit", "verify", "--db", t.db]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^audit chain broken at row 2 \(1 rows verified before it\)/);
    // Read-only: verifying did not append recovery rows or change the file.
    expect((await runCli(["audit", "verify", "--db", t.db, "--json"])).stdout).toContain('"brokenAt":2');

    const missing = await runCli(["audit", "verify", "--db", join(dir, "nope.db")]);
    expect(missing.code).toBe(2);
    const typo = await runCli(["audit", "verfy", "--db", t.db]);
    expect(typo.stderr).toContain("did you mean verify?");
  });
});

describe("the trading commands' key from a keystore", { timeout: 120_000 }, () => {
  it("--keystore with --password-file signs as the keystore's wallet; a wrong password is refused without showing a secret", async () => {
    const key = generatePrivateKey();
    const address = privateKeyToAddress(key);
    devnet.fund(address, 100_000);
    const keystore = join(dir, "wallet.json");
    const passwordFile = join(dir, "password");
    const wrongFile = join(dir, "wrong-password");
    // A cheap KDF keeps the test fast; the format is a real v3 keystore's.
    writeFileSync(keystore, await Wallet.fromPrivateKey(Buffer.from(key.slice(2), "hex")).toV3String("correct horse", { kdf: "pbkdf2", c: 1000 }));
    writeFileSync(passwordFile, "correct horse\n");
    writeFileSync(wrongFile, "battery staple\n");
    const config = join(dir, "keystore.toml");
    writeFileSync(config, `mode = "live"\n[store]\npath = ${JSON.stringify(join(dir, "keystore.db"))}\n`);
    const env = { HL_PRIVATE_KEY: "", HL_MODE: "" };
    const common = ["--url", devnet.url, "--config", config, "--keystore", keystore];
    const placed = await runCli(["order", "--coin", "BTC", "--side", "buy", "--size", "0.001", "--price", bid(), ...common, "--password-file", passwordFile], {
      env,
    });
    expect(placed.code, placed.stderr).toBe(0);
    expect(openOrders(address)).toBe(1);
    const refused = await runCli(["order", "--coin", "BTC", "--side", "buy", "--size", "0.001", "--price", bid(), ...common, "--password-file", wrongFile], {
      env,
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/keystore/i);
    for (const secret of [key.slice(2), "battery staple", "correct horse"]) expect(refused.stdout + refused.stderr).not.toContain(secret);
    expect(openOrders(address)).toBe(1);
  });
});
