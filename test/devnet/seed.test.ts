/** State seeding: the example config file, POST /devnet/seed, errors naming the key, --state restarts. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toOptions } from "../../devnet/config.js";
import { startDevnet } from "../../devnet/index.js";
import { ValidationError } from "../../src/index.js";
import { startHarness, type Harness } from "./harness.js";

const EXAMPLE = join(import.meta.dirname, "../../docs/devnet-seed.example.toml");
const A = "0x1111111111111111111111111111111111111111";
const B = "0x2222222222222222222222222222222222222222";
const VALIDATOR = "0x5555555555555555555555555555555555555555";

let h: Harness;
beforeAll(async () => {
  const { port: _port, ...options } = toOptions(parse(readFileSync(EXAMPLE, "utf8")), EXAMPLE);
  h = await startHarness(options);
});
afterAll(() => h.close());

const post = async (url: string, path: string, body: unknown): Promise<{ status: number; json: unknown }> => {
  const res = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
};

describe("the example seed file (docs/devnet-seed.example.toml)", () => {
  it("creates balances, positions, volume, a HIP-3 dex and its assets", async () => {
    const state = await h.info.clearinghouseState({ user: A });
    expect(state.assetPositions.map((p) => [p.position.coin, p.position.szi])).toEqual([["ETH", "0.5"]]);
    const onTest = await h.info.clearinghouseState({ user: A, dex: "test" });
    expect(onTest.assetPositions[0]?.position).toMatchObject({ coin: "test:ABC", szi: "-3.0", leverage: { type: "isolated", value: 5 } });
    const spot = await h.info.spotClearinghouseState({ user: A });
    expect(Object.fromEntries(spot.balances.map((b) => [b.coin, b.total]))).toMatchObject({ USDC: "500.0", PURR: "1000.0", HYPE: "100.0" });
    expect((await h.info.userRateLimit({ user: A })).cumVlm).toBe("250000.0");
    expect((await h.info.meta({ dex: "test" })).universe.map((u) => u.name)).toEqual(["test:ABC", "test:TEST1"]);
    expect(h.devnet.engine.market("test:TEST1")?.asset).toBe(110001);
  });

  it("creates the sub-account, the multi-sig user, the vault and the referral link", async () => {
    expect((await h.info.subAccounts({ user: A }))?.map((s) => [s.name, s.subAccountUser])).toEqual([
      ["example123", "0x4444444444444444444444444444444444444444"],
    ]);
    expect(await h.info.userToMultiSigSigners({ user: "0x0000000000000000000000000000000000000005" })).toEqual({
      authorizedUsers: [B, "0x3333333333333333333333333333333333333333"],
      threshold: 2,
    });
    expect(await h.info.vaultDetails({ vaultAddress: "0x1719884eb866cb12b2287399b15f7db5e7d775ea" })).toMatchObject({ leader: A, name: "example vault" });
    expect((await h.info.referral({ user: B })).referredBy).toEqual({ referrer: A, code: "DEVNET" });
  });

  it("creates validators and delegations, served by validatorSummaries, delegations and delegatorSummary", async () => {
    const validators = (await post(h.devnet.url, "/info", { type: "validatorSummaries" })).json as { validator: string; stake: number; commission: string }[];
    expect(validators).toEqual([expect.objectContaining({ validator: VALIDATOR, stake: 10025 * 1e8, commission: "0.03" })]);
    expect(await h.info.delegations({ user: B })).toEqual([{ validator: VALIDATOR, amount: "25.0", lockedUntilTimestamp: expect.any(Number) }]);
    expect(await h.info.delegatorSummary({ user: A })).toMatchObject({ delegated: "0.0", undelegated: "50.0" });
  });
});

describe("POST /devnet/seed", () => {
  it("refuses bad seeds with 400 naming each key, and changes nothing", async () => {
    const bad = await post(h.devnet.url, "/devnet/seed", {
      acounts: [],
      accounts: [{ address: "0x1234", usdc: "-5" }],
      dexes: [{ name: "Bad Name", deployer: A }],
    });
    expect(bad.status).toBe(400);
    const paths = (bad.json as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["acounts", "accounts.0.address", "accounts.0.usdc", "dexes.0.name"]));
    const semantic = await post(h.devnet.url, "/devnet/seed", {
      accounts: [
        { address: B, usdc: "5", spot: { NOPE: "1" }, positions: [{ coin: "nope:X", szi: "1", entryPx: "1" }] },
        { address: A, referredBy: "MISSING" },
      ],
      delegations: [{ user: B, validator: A, amount: "1" }],
    });
    expect(semantic.status).toBe(400);
    expect((semantic.json as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      "accounts.0.spot.NOPE",
      "accounts.0.positions.0.coin",
      "accounts.1.referredBy",
      "delegations.0.validator",
    ]);
    // Nothing of the refused seed was applied (B kept its 1000 USDC).
    expect((await h.info.clearinghouseState({ user: B })).withdrawable).toBe("1000.0");
  });

  it("applies a good seed", async () => {
    const user = "0x6666666666666666666666666666666666666666";
    expect((await post(h.devnet.url, "/devnet/seed", { accounts: [{ address: user, usdc: 42, volume: "1" }] })).status).toBe(200);
    expect((await h.info.clearinghouseState({ user })).withdrawable).toBe("42.0");
  });
});

describe("the config file", () => {
  it("names unknown keys and bad seed keys", () => {
    const err = (() => {
      try {
        toOptions({ prot: 3001, accounts: [{ address: A, usdc: "x" }], vaults: [{ address: A }] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(expect.arrayContaining(["prot", "accounts.0.usdc", "vaults.0.name", "vaults.0.leader"]));
  });
});

describe("--state keeps seeded and deployed state across a restart", () => {
  it("dexes, assets, positions, vault shares and validators come back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "devnet-seed-"));
    const statePath = join(dir, "state.sqlite");
    try {
      const { port: _port, ...options } = toOptions(parse(readFileSync(EXAMPLE, "utf8")), EXAMPLE);
      const first = await startDevnet({ ...options, port: 0, statePath });
      await first.close();
      const second = await startDevnet({ ...options, port: 0, statePath });
      try {
        const info = async (body: unknown) => (await post(second.url, "/info", body)).json;
        expect(await info({ type: "perpDexs" })).toEqual([null, expect.objectContaining({ name: "test" })]);
        expect(second.engine.market("test:ABC")?.asset).toBe(110000);
        const state = (await info({ type: "clearinghouseState", user: A, dex: "test" })) as { assetPositions: unknown[] };
        expect(state.assetPositions).toHaveLength(1);
        // Not seeded twice: the leader's equity is still 10000.
        const vault = (await info({ type: "vaultDetails", vaultAddress: "0x1719884eb866cb12b2287399b15f7db5e7d775ea" })) as {
          followers: { vaultEquity: string }[];
        };
        expect(vault.followers.map((f) => f.vaultEquity)).toEqual(["10000.0"]);
        expect(((await info({ type: "validatorSummaries" })) as unknown[]).length).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
