/** The `hl conformance` contract on the recorded cassettes and on mutated copies. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { sharedDir, skipShared } from "../helpers/shared.js";

describe.skipIf(skipShared)("hl conformance", () => {
  const dir = mkdtempSync(join(tmpdir(), "hl-conf-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cassettes = join(sharedDir, "conformance/recorded-info");

  it("passes every recorded cassette", async () => {
    const res = await runCli(["conformance", cassettes]);
    expect(res.code, res.stdout).toBe(0);
    expect(res.stdout.trim().split("\n").pop()).toMatch(/^\d+ passed, 0 failed$/);
  });

  it("fails mutated copies with the JSON path and counts", async () => {
    const state = JSON.parse(readFileSync(join(cassettes, "get_user_state.json"), "utf8"));
    delete state.interactions[0].response.body.withdrawable;
    writeFileSync(join(dir, "dropped.json"), JSON.stringify(state));
    const fills = JSON.parse(readFileSync(join(cassettes, "get_user_fills.json"), "utf8"));
    const last = fills.interactions.length - 1;
    fills.interactions[last].response.body[0].px = 1.5;
    writeFileSync(join(dir, "number.json"), JSON.stringify(fills));
    const book = JSON.parse(readFileSync(join(cassettes, "get_l2_snapshot.json"), "utf8"));
    const i = book.interactions.findIndex((x: { request: { body: { type: string } } }) => x.request.body.type === "l2Book");
    book.interactions[i].response.body.time = { t: 1 };
    writeFileSync(join(dir, "object.json"), JSON.stringify(book));
    const res = await runCli(["conformance", dir]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain("response.body.withdrawable");
    expect(res.stdout).toContain(`number.json#${last} response.body[0].px`);
    expect(res.stdout).toContain("response.body.time");
    expect(res.stdout.trim().split("\n").pop()).toMatch(/^\d+ passed, 3 failed$/);
  });
});
