/** Network presets and custom URLs. */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/base.js";
import { LOCAL, MAINNET, TESTNET, network, wsUrlOf } from "../../src/transport/networks.js";

describe("networks", () => {
  it("has the three presets", () => {
    expect(network("mainnet")).toEqual({ ...MAINNET });
    expect(MAINNET).toMatchObject({ apiUrl: "https://api.hyperliquid.xyz", wsUrl: "wss://api.hyperliquid.xyz/ws", isMainnet: true });
    expect(network("TESTNET")).toMatchObject({
      apiUrl: "https://api.hyperliquid-testnet.xyz",
      wsUrl: "wss://api.hyperliquid-testnet.xyz/ws",
      isMainnet: false,
    });
    expect(network("local")).toMatchObject({ apiUrl: "http://127.0.0.1:3001", wsUrl: "ws://127.0.0.1:3001/ws", isMainnet: false });
    expect(LOCAL.name).toBe("local");
    expect(TESTNET.explorerUrl).toBe("https://rpc.hyperliquid-testnet.xyz");
  });
  it("derives a custom network from a URL", () => {
    expect(network("http://10.0.0.5:3001/")).toEqual({
      name: "custom",
      apiUrl: "http://10.0.0.5:3001",
      wsUrl: "ws://10.0.0.5:3001/ws",
      explorerUrl: "http://10.0.0.5:3001",
      isMainnet: false,
    });
    expect(network("https://node.example/hl", { isMainnet: true })).toMatchObject({ wsUrl: "wss://node.example/hl/ws", isMainnet: true });
    expect(network("https://api.hyperliquid.xyz/").name).toBe("mainnet");
    expect(wsUrlOf("https://a.b")).toBe("wss://a.b/ws");
  });
  it("refuses what is not a URL", () => {
    expect(() => network("mainet")).toThrow(ValidationError);
    expect(() => network("ftp://x")).toThrow(/http/);
  });
});
