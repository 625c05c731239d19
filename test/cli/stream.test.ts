/** The `hl stream` contract against a loopback server that drops the connection mid-stream. */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { TestServer } from "../ws/server.js";

let server: TestServer | undefined;
afterEach(async () => server?.close());

describe("hl stream", () => {
  it("prints N messages as JSON lines across a server-side disconnect, then exits 0", async () => {
    let pushes = 0;
    server = await TestServer.start();
    const timer = setInterval(() => {
      if (server!.activeSubscriptions() === 0) return;
      pushes++;
      server!.push({ type: "l2Book", coin: "BTC" }, "l2Book", { coin: "BTC", time: pushes, levels: [[{ px: "1", sz: "1", n: 1 }], []] });
      if (pushes === 2) server!.killAll();
    }, 30);
    try {
      const res = await runCli(["stream", "l2Book", "--coin", "BTC", "--url", server.url, "--count", "4"], { timeoutMs: 20_000 });
      expect(res.code, res.stderr).toBe(0);
      const lines = res.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { channel: string; data: { time: number } });
      expect(lines).toHaveLength(4);
      expect(lines.every((l) => l.channel === "l2Book")).toBe(true);
      expect(server.connections).toBeGreaterThanOrEqual(2);
    } finally {
      clearInterval(timer);
    }
  });

  it("names the missing parameter and lists valid types", async () => {
    const missing = await runCli(["stream", "l2Book"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--coin is required/);
    const unknown = await runCli(["stream", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/trades/);
  });
});
