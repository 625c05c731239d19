/** Every `hl` command explains itself (--help) and names the closest option for a typo. */
import { describe, expect, it } from "vitest";
import { closest, editDistance, parseCommand, UsageError } from "../../src/cli/args.js";
import { spec as devnetSpec } from "../../src/cli/commands/devnet.js";
import { runCli } from "../helpers/cli.js";

const COMMANDS: [string, string, string][] = [
  // command, an option it has, that option mistyped
  ["sign", "", "--kye"],
  ["schema", "--list", "--lst"],
  ["conformance", "", "--verbose"],
  ["stream", "--count", "--cuont"],
  ["info", "--timeout", "--timout"],
  ["devnet", "--port", "--prot"],
  ["start", "--exit", "--exti"],
  ["docs", "--port", "--prot"],
];

describe("hl --help", () => {
  it("lists every command", async () => {
    const res = await runCli(["--help"]);
    expect(res.code).toBe(0);
    for (const [name] of COMMANDS) expect(res.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
  });

  it.each(COMMANDS)("hl %s --help shows usage, options with defaults and an example, exit 0", async (name, option) => {
    const res = await runCli([name, "--help"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`usage: hl ${name}`);
    expect(res.stdout).toMatch(/^options:$/m);
    expect(res.stdout).toContain("-h, --help");
    if (option) expect(res.stdout).toContain(option);
    expect(res.stdout).toMatch(new RegExp(`^examples:\\n  (npm start|hl ${name}|echo|HL_PRIVATE_KEY)`, "m"));
  });

  it("shows defaults in the help text", async () => {
    const res = await runCli(["devnet", "--help"]);
    expect(res.stdout).toMatch(/--port PORT\s+port to listen on; 0 picks a free one \[default: 3001\]/);
    expect(res.stdout).toMatch(/--network NAME\s+.*\(one of testnet, mainnet\)/);
  });
});

describe("hl option errors", () => {
  it.each(COMMANDS.filter(([, opt]) => opt))("hl %s: a typo'd option names the closest one, exit 2", async (name, option, typo) => {
    const res = await runCli(name === "info" ? ["info", "l2Book", "--coin", "BTC", typo, "1"] : [name, typo, "1"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`unknown option '${typo}'; did you mean '${option}'?`);
  });

  it("an unknown option with nothing close lists the options", async () => {
    const res = await runCli(["sign", "--kye"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown option '--kye'");
  });

  it("a bad or missing value names the option and what is allowed", async () => {
    const bad = await runCli(["devnet", "--port", "abc"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port "abc": expected an integer >= 0');
    const missing = await runCli(["stream", "l2Book", "--coin", "BTC", "--count"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--count needs a value: expected an integer >= 1");
    const choice = await runCli(["devnet", "--network", "moon"]);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toContain('--network "moon": expected one of testnet, mainnet');
  });

  it("an unknown command names the closest one", async () => {
    const res = await runCli(["sing"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("did you mean 'sign'?");
  });
});

describe("args layer (in process)", () => {
  it("parses typed values and applies defaults", () => {
    const { values } = parseCommand(devnetSpec, ["--port", "0", "--fund", "a=1", "--fund=b=2"]);
    expect(values.port).toBe(0);
    expect(values.fund).toEqual(["a=1", "b=2"]);
    expect(values.seed).toBeUndefined();
    expect(() => parseCommand(devnetSpec, ["--seed", "-1"])).toThrow(UsageError);
    expect(() => parseCommand(devnetSpec, ["extra"])).toThrow(/unexpected argument "extra"/);
  });

  it("edit distance counts swaps as one edit", () => {
    expect(editDistance("prot", "port")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(closest("prot", ["host", "port", "state"])).toBe("port");
    expect(closest("zzzz", ["host", "port"])).toBeUndefined();
  });
});
