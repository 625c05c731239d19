/**
 * The TOML config: malformed TOML and bad values name the key and what is allowed; editing the
 * file hot-reloads it (new limits apply against the devnet, a new config_versions row).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GuardConfigError, RiskLimitError } from "../../src/index.js";
import { loadGuardConfig, parseGuardConfig, watchGuardConfig } from "../../src/guard/config.js";
import { startGuardSetup, wireOrder, type GuardSetup } from "./setup.js";

const configError = (text: string): GuardConfigError => {
  try {
    parseGuardConfig(text, "guard.toml");
  } catch (e) {
    expect(e).toBeInstanceOf(GuardConfigError);
    return e as GuardConfigError;
  }
  throw new Error(`expected a GuardConfigError for ${text}`);
};

describe("validation names the key and the allowed values", () => {
  it.each([
    ["[risk]\nmax_drawdown = 1.5", "risk.max_drawdown", "a number in (0, 1]"],
    ["[risk]\nmax_drawdown = -0.1", "risk.max_drawdown", "a number in (0, 1]"],
    ['[risk]\nmax_drawdown = "ten percent"', "risk.max_drawdown", "a number in (0, 1]"],
    ["[risk]\nmax_open_orders = 2.5", "risk.max_open_orders", "a positive integer"],
    ["[risk]\nmax_order_notional = 0", "risk.max_order_notional", "a positive number"],
    ['mode = "yolo"', "mode", "one of live, read-only, dry-run"],
    ["[risk]\nallow = [1, 2]", "risk.allow", "an array of coin names"],
    ['[risk.symbols.BTC]\nmax_position = "two"', "risk.symbols.BTC.max_position", "a positive number"],
    ["[risk]\nmax_drawdwn = 0.1", "risk.max_drawdwn", "one of the keys risk.max_order_notional"],
    ['[store]\npath = ""', "store.path", "a file path"],
  ])("%j → %s", (text, key, allowed) => {
    const e = configError(text);
    expect(e.key).toBe(key);
    expect(e.allowed).toContain(allowed);
    expect(e.message).toContain(key);
    expect(e.message).toContain(allowed);
    expect(e.message).toContain("guard.toml");
  });

  it("malformed TOML names the line, the column and the key being written", () => {
    const e = configError('mode = "live"\n[risk]\nmax_drawdown = 0.1\nprice_band = = 0.05\n');
    expect(e.key).toMatch(/^\(TOML syntax, line 4 column \d+\)$/);
    expect(e.message).toContain("price_band = = 0.05");
    expect(e.allowed).toBe("valid TOML");
  });

  it("an unterminated table header names its line", () => {
    const e = configError("[risk\nmax_drawdown = 0.1");
    expect(e.key).toMatch(/line 1/);
    expect(e.message).toContain("[risk");
  });

  it("the example of the issue parses to the documented limits", () => {
    const c = parseGuardConfig(
      [
        'mode = "live"',
        "[store]",
        'path = "hl-state.db"',
        "[risk]",
        "max_order_notional = 50000",
        "max_position_notional = 200000",
        "max_open_orders = 100",
        "max_orders_per_second = 10",
        "max_drawdown = 0.10",
        "price_band = 0.05",
        'allow = ["BTC", "ETH"]',
        "[risk.symbols.BTC]",
        'max_position = "2"',
        "max_order_notional = 100000",
      ].join("\n"),
    );
    expect(c).toEqual({
      mode: "live",
      store: { path: "hl-state.db" },
      risk: {
        max_order_notional: 50000,
        max_position_notional: 200000,
        max_open_orders: 100,
        max_orders_per_second: 10,
        max_drawdown: 0.1,
        price_band: 0.05,
        allow: ["BTC", "ETH"],
        symbols: { BTC: { max_position: 2, max_order_notional: 100000 } },
      },
    });
  });
});

describe("hot reload", () => {
  let env: GuardSetup;
  beforeAll(async () => {
    env = await startGuardSetup();
  });
  afterAll(() => env.close());

  it("editing the file applies the new limits and stores a new version; a bad edit keeps the old one", async () => {
    const path = join(env.dir, "guard.toml");
    writeFileSync(path, "[risk]\nmax_order_notional = 100000\n");
    const t = await env.trader({ config: loadGuardConfig(path).config });
    const errors: unknown[] = [];
    const watcher = watchGuardConfig(
      path,
      (config, text) => t.guard.applyConfig(config, "reload", text),
      (e) => errors.push(e),
      { debounceMs: 20 },
    );
    try {
      const px = String(Math.round(t.account.mid("BTC")! * 0.9));
      const order = { orders: [wireOrder(t.assets.BTC!, true, px, "0.01")], grouping: "na" as const };
      await t.exchange.order(order);
      expect(t.store.configVersions()).toHaveLength(1);

      writeFileSync(path, "[risk]\nmax_order_notional = 100\n");
      await expect.poll(() => t.store.configVersions().length, { timeout: 3000, interval: 20 }).toBe(2);
      const latest = t.store.configVersions().at(-1)!;
      expect(latest).toMatchObject({ reason: "reload", config: "[risk]\nmax_order_notional = 100\n" });
      const refused = await t.exchange.order(order).catch((e: unknown) => e);
      expect(refused).toMatchObject({ rule: "max_order_notional", limit: "100" });
      expect(refused).toBeInstanceOf(RiskLimitError);

      writeFileSync(path, "[risk]\nmax_order_notional = -5\n");
      await expect.poll(() => errors.length, { timeout: 3000, interval: 20 }).toBeGreaterThan(0);
      expect(errors[0]).toMatchObject({ key: "risk.max_order_notional" });
      expect(t.store.configVersions()).toHaveLength(2);
      expect(t.guard.risk!.config.max_order_notional).toBe(100);

      writeFileSync(path, 'mode = "read-only"\n');
      await expect.poll(() => t.guard.mode, { timeout: 3000, interval: 20 }).toBe("read-only");
      const modeRows = t.store.auditRows().filter((r) => r.operation === "mode");
      expect(JSON.parse(modeRows.at(-1)!.payload!)).toEqual({ from: "live", mode: "read-only", reason: "reload" });
    } finally {
      watcher.close();
    }
  });
});
