/** Info and Exchange clients over WebSocket post requests. */
import { afterEach, describe, expect, it } from "vitest";
import { ExchangeClient } from "../../src/clients/exchange.js";
import { InfoClient } from "../../src/clients/info.js";
import { ActionOutcomeUnknownError } from "../../src/errors/exchange.js";
import { privateKeyWallet } from "../../src/signing/index.js";
import { WebSocketTransport } from "../../src/transport/ws-transport.js";
import { WebSocketManager } from "../../src/transport/ws/index.js";
import { TestServer } from "../ws/server.js";

let server: TestServer | undefined;
let manager: WebSocketManager | undefined;
afterEach(async () => {
  await manager?.close();
  await server?.close();
});

describe("WebSocketTransport", () => {
  it("carries info requests and signed actions", async () => {
    server = await TestServer.start({
      onPost: (post) =>
        post.request.type === "info"
          ? { type: "info", payload: { type: "allMids", data: { BTC: "30000" } } }
          : { type: "action", payload: { status: "ok", response: { type: "default" } } },
    });
    manager = new WebSocketManager({ url: server.url });
    const transport = new WebSocketTransport(manager);
    expect(await new InfoClient({ transport, validation: "strict" }).allMids()).toEqual({ BTC: "30000" });
    await expect(new ExchangeClient({ wallet: privateKeyWallet(`0x${"11".repeat(32)}`), transport, isMainnet: false }).noop()).resolves.toMatchObject({
      status: "ok",
    });
    expect(server.posts.map((p) => p.request.type)).toEqual(["info", "action"]);
  });

  it("an action whose socket drops is reported as outcome unknown, not re-sent", async () => {
    server = await TestServer.start({ onPost: () => undefined });
    manager = new WebSocketManager({ url: server.url, reconnect: { baseMs: 5, capMs: 10 } });
    const exchange = new ExchangeClient({ wallet: privateKeyWallet(`0x${"11".repeat(32)}`), transport: new WebSocketTransport(manager), isMainnet: false });
    const pending = exchange.noop().catch((e: unknown) => e);
    while (server.posts.length === 0) await new Promise((r) => setTimeout(r, 5));
    server.killAll();
    expect(await pending).toBeInstanceOf(ActionOutcomeUnknownError);
    expect(server.posts).toHaveLength(1);
  });
});
