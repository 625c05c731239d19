/** The Python oracle itself reproduces every published vector (so it can judge our signatures). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readShared, skipShared } from "../helpers/shared.js";
import { pythonOracleAvailable, startPythonOracle, type PythonOracle } from "./oracle.js";

const required = process.env.HL_PY_ORACLE === "1" || process.env.CI === "true";
const skip = skipShared || (!pythonOracleAvailable() && !required);
if (!pythonOracleAvailable() && !required) console.warn("Python oracle not set up: run scripts/setup-python.sh (skipping oracle self-test)");

interface Sig {
  r: string;
  s: string;
  v: number;
}

describe.skipIf(skip)("python oracle vs published vectors", () => {
  let py: PythonOracle;
  beforeAll(async () => {
    if (!pythonOracleAvailable()) throw new Error(".venv-oracle missing: run scripts/setup-python.sh");
    py = await startPythonOracle();
  });
  afterAll(() => py?.close());

  it("reproduces every L1 and user-signed vector and the number facts", async () => {
    const ref = readShared<{
      privateKey: string;
      l1: Record<string, unknown>[];
      userSigned: Record<string, unknown>[];
      wireConversions: { floatToWire: [number, string][]; floatToIntForHashing: [number, string][] };
    }>("conformance/vectors/signing-reference.json");
    const gen = readShared<{ l1: Record<string, unknown>[]; userSigned: Record<string, unknown>[] }>("conformance/vectors/signing-generated.json");
    const l1: Record<string, unknown>[] = [...ref.l1.map((v) => ({ ...v, privateKey: ref.privateKey })), ...gen.l1];
    for (const v of l1) {
      const out = (await py.request({ kind: "l1", ...v })) as { connectionId: string; signature: Sig; error?: string };
      expect(out.error).toBeUndefined();
      expect(out.connectionId).toBe(v.connectionId);
      expect(BigInt(out.signature.r)).toBe(BigInt((v.signature as Sig).r));
      expect(BigInt(out.signature.s)).toBe(BigInt((v.signature as Sig).s));
    }
    const user: Record<string, unknown>[] = [...ref.userSigned.map((v) => ({ ...v, privateKey: ref.privateKey })), ...gen.userSigned];
    for (const v of user) {
      const out = (await py.request({ kind: "userSigned", privateKey: v.privateKey, action: v.action, primaryType: v.primaryType, types: [] })) as {
        signature: Sig;
        error?: string;
      };
      expect(out.error, JSON.stringify(v.action)).toBeUndefined();
      expect(BigInt(out.signature.r)).toBe(BigInt((v.signature as Sig).r));
      expect(out.signature.v).toBe((v.signature as Sig).v);
    }
    for (const [x, want] of ref.wireConversions.floatToWire) {
      const out = (await py.request({ kind: "floatToWire", value: x })) as { result?: string; error?: string };
      if (want === "error") expect(out.error).toBeDefined();
      else expect(out.result).toBe(want);
    }
  });
});
