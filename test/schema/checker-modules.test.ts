/**
 * Which checker code each entry point loads: the signing code must load only the action checker,
 * never the request checker, the response parsers or the validate() dispatcher that reaches them;
 * and no shipped entry point loads ajv (it is a test-time oracle only).
 */
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

async function graph(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs);
}

describe("checker modules", () => {
  it("src/signing/action.ts loads the action checker and no response checker", async () => {
    const inputs = await graph("src/signing/action.ts");
    expect(inputs).toContain("generated/ts/validate-action.ts");
    expect(inputs).not.toContain("generated/ts/validate-input.ts");
    expect(inputs).not.toContain("generated/ts/validate-request.ts");
    expect(inputs).not.toContain("generated/ts/parsers.ts");
    expect(inputs).not.toContain("generated/ts/validate.ts");
  });

  it("the package entry loads no ajv", async () => {
    const result = await build({
      entryPoints: ["src/index.ts"],
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      logLevel: "silent",
      external: ["secp256k1", "keccak"],
    });
    expect(Object.keys(result.metafile.inputs).filter((i) => i.includes("node_modules/ajv"))).toEqual([]);
  });

  it("InfoClient loads the parsers (the response checker)", async () => {
    expect(await graph("src/clients/info.ts")).toContain("generated/ts/parsers.ts");
  });
});
