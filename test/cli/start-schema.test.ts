/** `npm start` (hl start) and the `hl schema --list` contract. */
import { describe, expect, it } from "vitest";
import schemaJson from "../../generated/schema.json" with { type: "json" };
import { runCli } from "../helpers/cli.js";

describe("hl start / hl schema", () => {
  it("start runs the local demo and exits 0", async () => {
    const res = await runCli(["start"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/recovered signer: 0x[0-9a-f]{40}/);
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
    expect(lines).toHaveLength(schemaJson.info.length + schemaJson.explorer.length + schemaJson.exchange.length + schemaJson.subscriptions.length);
  });

  it("unknown commands exit 2 with usage", async () => {
    const res = await runCli(["nope"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/usage: hl/);
  });
});
