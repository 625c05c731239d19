/** `npm start` (hl start) and the `hl schema --list` contract. */
import { describe, expect, it } from "vitest";
import schemaJson from "../../generated/schema.json" with { type: "json" };
import { runCli } from "../helpers/cli.js";

describe("hl start / hl schema", () => {
  it("start runs the devnet and the trading demo (place, modify, cancel, fill, streams) and exits 0 with --exit", async () => {
    const res = await runCli(["start", "--port", "0", "--exit"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/devnet listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(res.stdout).toMatch(/place buy 0\.01 @ \d+: resting \(oid \d+\)/);
    expect(res.stdout).toMatch(/modify → 0\.02 @ \d+: now oid \d+ resting 0\.02/);
    expect(res.stdout).toMatch(/cancel oid \d+: "success"/);
    expect(res.stdout).toMatch(/market buy 0\.01 \(IOC, 1% slippage\): filled 0\.01 @/);
    expect(res.stdout).toMatch(/\[stream l2Book BTC\] bid /);
    expect(res.stdout).toMatch(/\[stream userFills\] Open Long 0\.01 BTC/);
    expect(res.stdout).toMatch(/\[stream orderUpdates\] oid \d+ canceled/);
    expect(res.stdout).toContain("refused before signing");
  });

  it("schema --list prints every type as `<kind> <type>`", async () => {
    const res = await runCli(["schema", "--list"]);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split("\n");
    expect(lines.every((l) => /^(info|explorer|exchange|subscription) [A-Za-z0-9]+$/.test(l))).toBe(true);
    expect(lines).toContain("exchange order");
    expect(lines).toContain("exchange usdSend");
    expect(lines).toContain("info l2Book");
    expect(lines).toContain("subscription trades");
    for (const added of [
      "info tokenAnnotation",
      "info tokenConciseAnnotations",
      "info batchClearinghouseStates",
      "explorer explorerBlock",
      "explorer explorerTxs",
      "subscription activeSpotAssetCtx",
    ])
      expect(lines).toContain(added);
    expect(lines).toHaveLength(
      schemaJson.info.length +
        schemaJson.explorer.length +
        schemaJson.explorerSubscriptions.length +
        schemaJson.exchange.length +
        schemaJson.subscriptions.length +
        1, // activeSpotAssetCtx: activeAssetCtx's further push channel, a typed subscription of its own
    );
  });

  it("unknown commands exit 2 with usage", async () => {
    const res = await runCli(["nope"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/usage: hl/);
  });
});
