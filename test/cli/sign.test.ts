/** The `hl sign` contract: JSON lines in, one JSON line out per input, in order. */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { readShared, skipShared } from "../helpers/shared.js";

interface Sig {
  r: string;
  s: string;
  v: number;
}

describe.skipIf(skipShared)("hl sign", () => {
  const ref = skipShared
    ? undefined
    : readShared<{ privateKey: string; l1: Record<string, unknown>[]; userSigned: Record<string, unknown>[] }>("conformance/vectors/signing-reference.json");

  it("signs every reference vector, keeps order, reports bad lines and exits 1", async () => {
    const lines = [
      ...ref!.l1.map((v) =>
        JSON.stringify({ kind: "l1", action: v.action, nonce: v.nonce, vaultAddress: v.vaultAddress, expiresAfter: v.expiresAfter, isMainnet: v.isMainnet }),
      ),
      "{not json",
      ...ref!.userSigned.map((v) => JSON.stringify({ kind: "userSigned", action: v.action })),
      JSON.stringify({ kind: "userSigned", action: { type: "notAType", signatureChainId: "0x66eee" } }),
    ];
    const res = await runCli(["sign"], { input: lines.join("\n") + "\n", env: { HL_PRIVATE_KEY: ref!.privateKey } });
    expect(res.code).toBe(1);
    const out = res.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { connectionId?: string; signature?: Sig; error?: string });
    expect(out).toHaveLength(lines.length);
    const expected = [
      ...ref!.l1.map((v) => ({ connectionId: v.connectionId, signature: v.signature as Sig })),
      { error: true },
      ...ref!.userSigned.map((v) => ({ signature: v.signature as Sig })),
      { error: true },
    ];
    expected.forEach((want, i) => {
      const got = out[i]!;
      if ("error" in want) {
        expect(got.error, `line ${i}`).toBeTypeOf("string");
        return;
      }
      expect(got.error, `line ${i}: ${got.error}`).toBeUndefined();
      if ("connectionId" in want) expect(got.connectionId).toBe(want.connectionId);
      expect(BigInt(got.signature!.r)).toBe(BigInt(want.signature.r));
      expect(BigInt(got.signature!.s)).toBe(BigInt(want.signature.s));
      expect(got.signature!.v).toBe(want.signature.v);
    });
    expect(res.stdout + res.stderr).not.toContain(ref!.privateKey.slice(2));
  });

  it("exits 0 when every line signs, and 2 without a key", async () => {
    const v = ref!.l1[0]!;
    const ok = await runCli(["sign"], {
      input: `${JSON.stringify({ kind: "l1", action: v.action, nonce: v.nonce, vaultAddress: null, expiresAfter: null, isMainnet: true })}\n`,
      env: { HL_PRIVATE_KEY: ref!.privateKey },
    });
    expect(ok.code).toBe(0);
    const noKey = await runCli(["sign"], { input: "", env: { HL_PRIVATE_KEY: "" } });
    expect(noKey.code).toBe(2);
  });

  it("refuses an invalid known action with the field path", async () => {
    const bad = {
      kind: "l1",
      action: { type: "order", orders: [{ a: 1, b: true, p: "1e3", s: "1", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" },
      nonce: 1,
      vaultAddress: null,
      expiresAfter: null,
      isMainnet: true,
    };
    const res = await runCli(["sign"], { input: `${JSON.stringify(bad)}\n`, env: { HL_PRIVATE_KEY: ref!.privateKey } });
    expect(res.code).toBe(1);
    expect((JSON.parse(res.stdout) as { error: string }).error).toContain("action.orders[0].p");
  });
});

describe.skipIf(skipShared)("hl sign reliability defects", () => {
  const ref = skipShared ? undefined : readShared<{ privateKey: string; l1: Record<string, unknown>[] }>("conformance/vectors/signing-reference.json");
  const sign = (lines: unknown[]) =>
    runCli(["sign"], { input: lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n", env: { HL_PRIVATE_KEY: ref!.privateKey } });
  const secret = `0x${"7f".repeat(32)}`;

  it("defect: a private key pasted as user/destination/vaultAddress is never echoed in error output", async () => {
    const lines = [
      { kind: "userSigned", action: { type: "usdSend", signatureChainId: "0x66eee", hyperliquidChain: "Testnet", destination: secret, amount: "1", time: 1 } },
      { kind: "l1", action: { type: "order", orders: [], grouping: "na" }, nonce: 1, vaultAddress: secret, expiresAfter: null, isMainnet: true },
      { kind: "l1", action: { type: "vaultTransfer", vaultAddress: secret, isDeposit: true, usd: 1 }, nonce: 1 },
      `{"kind":"l1","user":"${secret}",`, // not JSON: the parser's message must not quote the key
      `{"kind":"l1","nonce":1,"action":{"type":"x"},"user":"${secret.slice(2)}"}`,
    ];
    const res = await sign(lines);
    expect(res.code).toBe(1);
    const out = res.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { error?: string });
    expect(out).toHaveLength(lines.length);
    for (const o of out) expect(o.error).toBeTypeOf("string");
    expect(res.stdout + res.stderr).not.toContain("7f".repeat(32));
    expect(out[1]!.error).toContain("vaultAddress");
  });

  it("defect: an unvalidated vaultAddress 0x1234 (and every other bad envelope field) is refused before signing", async () => {
    const v = ref!.l1[0]!;
    const base = { kind: "l1", action: v.action, nonce: v.nonce, vaultAddress: null, expiresAfter: null, isMainnet: true };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, vaultAddress: "0x1234" }, "vaultAddress"],
      [{ ...base, vaultAddress: 5 }, "vaultAddress"],
      [{ ...base, expiresAfter: "soon" }, "expiresAfter"],
      [{ ...base, expiresAfter: -1 }, "expiresAfter"],
      [{ ...base, nonce: 1.5 }, "nonce"],
      [{ ...base, nonce: "1" }, "nonce"],
      [{ ...base, isMainnet: "yes" }, "isMainnet"],
      [{ ...base, kind: "L1" }, "kind"],
      [{ ...base, vaultAdress: null }, "vaultAdress"],
      [{ kind: "l1", nonce: 1 }, "action"],
    ];
    const res = await sign(cases.map(([c]) => c));
    expect(res.code).toBe(1);
    const out = res.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { error?: string; signature?: unknown });
    cases.forEach(([, field], i) => {
      expect(out[i]!.signature, `case ${i}`).toBeUndefined();
      expect(out[i]!.error, `case ${i}`).toMatch(new RegExp(`\\b${field}\\b`));
    });
    const ok = await sign([{ ...base, vaultAddress: `0x${"1".repeat(40)}`, expiresAfter: 1_900_000_000_000 }]);
    expect(ok.code, ok.stdout).toBe(0);
  });
});
