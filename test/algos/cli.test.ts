/** `hl algo` end to end: a TWAP to completion, list, and a cancel from a second process. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { projectRoot } from "../helpers/shared.js";
import { duplicated, startAlgoSetup, type AlgoSetup } from "./setup.js";

let env: AlgoSetup;
beforeAll(async () => {
  env = await startAlgoSetup();
});
afterAll(() => env.close());

const lines = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("hl algo", () => {
  it("twap runs to completion with JSON lines (not a TTY), then list shows it done", async () => {
    const state = join(env.dir, "cli.db");
    const args = [
      "algo",
      "twap",
      "--url",
      env.devnet.url,
      "--state",
      state,
      "--id",
      "cli-twap",
      "--coin",
      "ETH",
      "--side",
      "buy",
      "--size",
      "0.3",
      "--duration",
      "600ms",
      "--interval",
      "100ms",
    ];
    const res = await runCli(args, { env: { HL_PRIVATE_KEY: env.key } });
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const out = lines(res.stdout);
    expect(out.at(-1)).toEqual({ finished: [{ id: "cli-twap", status: "done", filled: "0.3", target: "0.3", reason: "filled" }] });
    expect(out.some((u) => Array.isArray(u.commands) && (u.commands as string[]).includes("place"))).toBe(true);
    expect(res.stdout).not.toContain(env.key.slice(2));
    const list = await runCli(["algo", "list", "--state", state]);
    expect(lines(list.stdout)).toEqual([expect.objectContaining({ id: "cli-twap", kind: "twap", status: "done", coin: "ETH" })]);
  });

  it("cancel ID from another process stops a resting iceberg (its order canceled), exit 1 with status canceled", async () => {
    const state = join(env.dir, "cli2.db");
    const mid = Number((await env.info.allMids()).ETH);
    const child = spawn(
      process.execPath,
      [
        "bin/hl.js",
        "algo",
        "iceberg",
        "--url",
        env.devnet.url,
        "--state",
        state,
        "--id",
        "cli-ice",
        "--coin",
        "ETH",
        "--side",
        "buy",
        "--size",
        "1",
        "--display",
        "0.1",
        "--price",
        String(Math.round(mid * 0.9)),
      ],
      { cwd: projectRoot, env: { ...process.env, HL_PRIVATE_KEY: env.key } },
    );
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    const exited = new Promise<number | null>((r) => child.once("exit", r));
    while (!stdout.includes('"cause":"placed"')) await new Promise((r) => setTimeout(r, 20));
    const open = await env.info.openOrders({ user: env.wallet.address });
    expect(open.length).toBe(1);
    const cancel = await runCli(["algo", "cancel", "cli-ice", "--state", state]);
    expect(cancel.code).toBe(0);
    expect(await exited).toBe(1);
    expect(lines(stdout).at(-1)).toMatchObject({ finished: [{ id: "cli-ice", status: "canceled" }] });
    for (let i = 0; i < 50 && (await env.info.openOrders({ user: env.wallet.address })).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await env.info.openOrders({ user: env.wallet.address })).toEqual([]);
    const again = await runCli(["algo", "cancel", "cli-ice", "--state", state]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('no running algorithm "cli-ice"');
  });

  it("a SIGKILLed `hl algo twap` is finished by `hl algo resume` with the same store", async () => {
    const state = join(env.dir, "cli4.db");
    const child = spawn(
      process.execPath,
      [
        "bin/hl.js",
        "algo",
        "twap",
        "--url",
        env.devnet.url,
        "--state",
        state,
        "--id",
        "cli-resume",
        "--coin",
        "ETH",
        "--side",
        "buy",
        "--size",
        "0.4",
        "--duration",
        "2s",
        "--interval",
        "100ms",
        "--max-slice",
        "0.05",
      ],
      { cwd: projectRoot, env: { ...process.env, HL_PRIVATE_KEY: env.key } },
    );
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    const exited = new Promise((r) => child.once("exit", r));
    while ((stdout.match(/"cause":"placed"/g) ?? []).length < 2) await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGKILL");
    await exited;
    const res = await runCli(["algo", "resume", "--url", env.devnet.url, "--state", state], { env: { HL_PRIVATE_KEY: env.key } });
    expect(res.code, res.stdout.slice(-1500) + res.stderr).toBe(0);
    const finished = (lines(res.stdout).at(-1) as { finished: { id: string; status: string; filled: string; target: string; reason: string }[] }).finished;
    expect(finished).toMatchObject([{ id: "cli-resume", status: "done", target: "0.4" }]);
    // Filled, or short by less than the exchange's $10 minimum order (a partial fill of the last slice).
    if (finished[0]!.reason !== "filled") expect(finished[0]!.reason).toMatch(/worth less than the exchange's \$10 minimum order/);
    expect(Number(finished[0]!.filled) * Number(env.devnet.engine.midPx("ETH")) + 10).toBeGreaterThan(0.4 * Number(env.devnet.engine.midPx("ETH")));
    expect(duplicated(env.placements)).toEqual([]);
  });

  it("names a bad option value: field, value and what is allowed", async () => {
    const res = await runCli(
      ["algo", "twap", "--state", join(env.dir, "cli3.db"), "--coin", "ETH", "--side", "buy", "--size", "1", "--duration", "soon", "--interval", "1s"],
      {
        env: { HL_PRIVATE_KEY: env.key },
      },
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--duration is "soon": expected a duration such as 500ms, 90s, 10m or 1h');
  });
});
