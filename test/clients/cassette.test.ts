/** Record/replay with the shared cassette format, and the InfoClient on a real recording. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InfoClient } from "../../src/clients/info.js";
import { CassetteMissError, RecordingTransport, ReplayTransport } from "../../src/transport/cassette.js";
import type { Transport } from "../../src/transport/types.js";
import { sharedDir, skipShared } from "../helpers/shared.js";

describe("cassettes", () => {
  it("record → save → replay round-trips, matching bodies regardless of key order", async () => {
    let n = 0;
    const live: Transport = { request: async (_e, body) => ({ echo: body, n: ++n }) };
    const rec = new RecordingTransport(live, "test");
    await rec.request("info", { type: "l2Book", coin: "BTC" });
    await rec.request("info", { type: "l2Book", coin: "BTC" });
    const dir = mkdtempSync(join(tmpdir(), "hl-cas-"));
    try {
      rec.save(join(dir, "c.json"));
      const replay = new ReplayTransport(join(dir, "c.json"));
      expect(await replay.request("info", { coin: "BTC", type: "l2Book" })).toMatchObject({ n: 1 });
      expect(await replay.request("info", { type: "l2Book", coin: "BTC" })).toMatchObject({ n: 2 });
      await expect(replay.request("info", { type: "l2Book", coin: "ETH" })).rejects.toBeInstanceOf(CassetteMissError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(skipShared)("replays a real recording through the InfoClient in strict mode", async () => {
    const info = new InfoClient({ transport: new ReplayTransport(join(sharedDir, "conformance/recorded-info/get_l2_snapshot.json")), validation: "strict" });
    const book = await info.l2Book({ coin: "DYDX" });
    expect(book.coin).toBe("DYDX");
    expect(book.levels[0].length).toBeGreaterThan(0);
    const state = new InfoClient({ transport: new ReplayTransport(join(sharedDir, "conformance/recorded-info/get_user_state.json")), validation: "strict" });
    const s = await state.clearinghouseState({ user: "0x5e9ee1089755c3435139848e47e6635505d5a13a" });
    expect(Number(s.withdrawable)).toBeGreaterThan(0);
  });
});
