/** The typed activeSpotAssetCtx subscription: activeAssetCtx on a spot coin, pushed on channel activeSpotAssetCtx. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SubscriptionClient, ValidationError } from "../../src/index.js";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
let subs: SubscriptionClient;
beforeAll(async () => {
  h = await startHarness({ seed: 3 });
  subs = new SubscriptionClient({ url: h.devnet.wsUrl, validation: "strict" });
});
afterAll(async () => {
  await subs.close();
  await h.close();
});

describe("activeSpotAssetCtx", () => {
  it("yields the spot context of a spot coin, typed (circulating supply, no funding)", async () => {
    const stream = subs.activeSpotAssetCtx({ coin: "PURR/USDC" });
    for await (const message of stream) {
      expect(message.coin).toBe("PURR/USDC");
      expect(Number(message.ctx.circulatingSupply)).toBeGreaterThan(0);
      expect("funding" in message.ctx).toBe(false);
      break;
    }
    await stream.unsubscribe();
  });

  it("refuses a perp coin before subscribing, naming the field", () => {
    const e = (() => {
      try {
        subs.activeSpotAssetCtx({ coin: "BTC" });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues[0]).toMatchObject({ path: "coin", value: "BTC" });
  });
});
