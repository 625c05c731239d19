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
  const ref = skipShared ? undefined : readShared<{ privateKey: string; l1: Record<string, unknown>[]; userSigned: Record<string, unknown>[] }>("conformance/vectors/signing-reference.json");

  it("signs every reference vector, keeps order, reports bad lines and exits 1", async () => {
    const lines = [
      ...ref!.l1.map((v) => JSON.stringify({ kind: "l1", action: v.action, nonce: v.nonce, vaultAddress: v.vaultAddress, expiresAfter: v.expiresAfter, isMainnet: v.isMainnet })),
      "{not json",
      ...ref!.userSigned.map((v) => JSON.stringify({ kind: "userSigned", action: v.action })),
      JSON.stringify({ kind: "userSigned", action: { type: "notAType", signatureChainId: "0x66eee" } }),
    ];
    const res = await runCli(["sign"], { input: lines.join("\n") + "\n", env: { HL_PRIVATE_KEY: ref!.privateKey } });
    expect(res.code).toBe(1);
    const out = res.stdout.trim().split("\n").map((l) => JSON.parse(l) as { connectionId?: string; signature?: Sig; error?: string });
    expect(out).toHaveLength(lines.length);
    const expected = [...ref!.l1.map((v) => ({ connectionId: v.connectionId, signature: v.signature as Sig })), { error: true }, ...ref!.userSigned.map((v) => ({ signature: v.signature as Sig })), { error: true }];
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
    const ok = await runCli(["sign"], { input: `${JSON.stringify({ kind: "l1", action: v.action, nonce: v.nonce, vaultAddress: null, expiresAfter: null, isMainnet: true })}\n`, env: { HL_PRIVATE_KEY: ref!.privateKey } });
    expect(ok.code).toBe(0);
    const noKey = await runCli(["sign"], { input: "", env: { HL_PRIVATE_KEY: "" } });
    expect(noKey.code).toBe(2);
  });

  it("refuses an invalid known action with the field path", async () => {
    const bad = { kind: "l1", action: { type: "order", orders: [{ a: 1, b: true, p: "1e3", s: "1", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" }, nonce: 1, vaultAddress: null, expiresAfter: null, isMainnet: true };
    const res = await runCli(["sign"], { input: `${JSON.stringify(bad)}\n`, env: { HL_PRIVATE_KEY: ref!.privateKey } });
    expect(res.code).toBe(1);
    expect((JSON.parse(res.stdout) as { error: string }).error).toContain("action.orders[0].p");
  });
});
