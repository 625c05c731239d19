import { describe, expect, it } from "vitest";
import { Engine } from "../../devnet/engine.js";
import type { DevnetEvent } from "../../devnet/index.js";

describe("Engine.movePrice (how tests and fault scripts move a market)", () => {
  it("sets the oracle rounded as the chain rounds prices, re-quotes the maker around it and pushes book and mids", () => {
    const engine = new Engine({});
    const events: DevnetEvent["kind"][] = [];
    engine.on((e) => events.push(e.kind));
    engine.movePrice("BTC", 61_234.5678);
    expect(engine.oracle.get("BTC")!.toString()).toBe("61235"); // 5 significant figures
    expect(Number(engine.midPx("BTC"))).toBeCloseTo(61_235, -1);
    expect(events).toContain("book");
    expect(events).toContain("mids");
  });

  it("refuses an unknown coin", () => {
    expect(() => new Engine({}).movePrice("NOPE", 1)).toThrow(/unknown coin "NOPE"/);
  });
});
