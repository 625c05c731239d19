/**
 * The direct EIP-712 digests (memoised domain separators and type hashes, fields hashed in
 * place) equal viem's generic hashTypedData, and anything not in canonical form still goes
 * through viem with its errors; keccak's native and pure-JS backends give the same bytes.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { bytesToHex, getAddress, hashTypedData, hexToBytes } from "viem";
import { describe, expect, it, vi } from "vitest";
import { actionSpecs } from "../../generated/ts/actions.js";
import { fastUserSignedDigest, l1Digest, l1TypedData, userSignedTypedData } from "../../src/signing/eip712.js";
import { keccak256, keccak256Concat, keccakBackend } from "../../src/signing/keccak.js";
import { actionHashBytes, l1Payload } from "../../src/signing/l1.js";
import { multiSigUserSignedSpec, SEND_MULTI_SIG } from "../../src/signing/multisig.js";
import { userSignedDigest, userSignedSpecOf } from "../../src/signing/user-signed.js";
import { arbitraryOf, schema } from "../helpers/arbitrary.js";

const CHAIN_IDS = ["0x66eee", "0xa4b1", "0x1", "0x3e7", "66eee"];
const userSigned = schema.exchange.filter((s) => s.signing === "userSigned" && s.type !== "multiSig");

function viemDigest(primaryType: string, fields: readonly { name: string; type: string }[], action: Record<string, unknown>, chainId: string): string {
  return hashTypedData(userSignedTypedData(primaryType, fields, action, chainId));
}

describe("user-signed digests", () => {
  it("covers the user-signed action types", () => expect(userSigned.length).toBeGreaterThanOrEqual(15));

  for (const spec of userSigned) {
    it(`${spec.type}: direct digest = viem hashTypedData`, () => {
      let direct = 0;
      fc.assert(
        fc.property(
          arbitraryOf(spec.action),
          fc.constantFrom(...CHAIN_IDS),
          fc.boolean(),
          fc.integer({ min: 0, max: 2 ** 53 - 1 }),
          fc.uint8Array({ maxLength: 80 }),
          (a, chainId, mainnet, nonce, bytes) => {
            const action: Record<string, unknown> & { signatureChainId: string } = { ...(a as Record<string, unknown>), signatureChainId: chainId };
            if ("hyperliquidChain" in action) action.hyperliquidChain = mainnet ? "Mainnet" : "Testnet";
            for (const k of ["nonce", "time"]) if (k in action) action[k] = nonce;
            // The schema types call data as any string; real call data is hex.
            for (const f of spec.eip712!) if (f.type === "bytes") action[f.name] = bytesToHex(bytes);
            const fast = fastUserSignedDigest(spec.primaryType!, spec.eip712!, action, chainId);
            if (fast) direct++;
            expect(fast ? bytesToHex(fast) : undefined).toBe(fast ? viemDigest(spec.primaryType!, spec.eip712!, action, chainId) : undefined);
            expect(userSignedDigest(action)).toBe(viemDigest(spec.primaryType!, spec.eip712!, action, chainId));
          },
        ),
        { numRuns: 40 },
      );
      // Schema-valid actions are canonical: every one must have taken the direct path.
      expect(direct).toBe(40);
    });
  }

  const usd = {
    type: "usdSend",
    signatureChainId: "0x66eee",
    hyperliquidChain: "Mainnet",
    destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a",
    amount: "12.5",
    time: 1_700_000_000_000,
  };
  const usdSpec = userSignedSpecOf(usd);
  const approve = {
    type: "approveAgent",
    signatureChainId: "0x66eee",
    hyperliquidChain: "Testnet",
    agentAddress: "0x5e9ee1089755c3435139848e47e6635505d5a13a",
    nonce: 1,
  };
  const approveSpec = userSignedSpecOf(approve);

  it('signs an absent optional string as "" (approveAgent\'s agentName)', () => {
    const fast = fastUserSignedDigest(approveSpec.primaryType, approveSpec.eip712, approve, approve.signatureChainId)!;
    expect(bytesToHex(fast)).toBe(viemDigest(approveSpec.primaryType, approveSpec.eip712, { ...approve, agentName: "" }, "0x66eee"));
  });

  it("defers non-canonical values to viem, with viem's result or error", () => {
    const checksummed = { ...approve, agentAddress: getAddress(approve.agentAddress) };
    expect(fastUserSignedDigest(approveSpec.primaryType, approveSpec.eip712, checksummed, "0x66eee")).toBeUndefined();
    expect(userSignedDigest(checksummed)).toBe(userSignedDigest(approve));
    const badChecksum = { ...approve, agentAddress: `0x5E9ee1089755c3435139848e47e6635505d5a13a` };
    expect(() => userSignedDigest(badChecksum)).toThrow(/Address/);
    const bigintTime = { ...usd, time: 1_700_000_000_000n };
    expect(bytesToHex(fastUserSignedDigest(usdSpec.primaryType, usdSpec.eip712, bigintTime, "0x66eee")!)).toBe(userSignedDigest(usd));
    for (const time of [-1, 1.5, 2 ** 64 + 1, "1700000000000"]) {
      const odd = { ...usd, time };
      expect(fastUserSignedDigest(usdSpec.primaryType, usdSpec.eip712, odd, "0x66eee")).toBeUndefined();
      let viem: string | Error;
      try {
        viem = viemDigest(usdSpec.primaryType, usdSpec.eip712, odd, "0x66eee");
      } catch (e) {
        viem = e as Error;
      }
      if (typeof viem === "string") expect(userSignedDigest(odd)).toBe(viem);
      else expect(() => userSignedDigest(odd)).toThrow(viem.message);
    }
    expect(() => userSignedDigest({ ...usd, amount: 12.5 })).toThrow();
    expect(fastUserSignedDigest(usdSpec.primaryType, usdSpec.eip712, usd, "nothex")).toBeUndefined();
  });

  it("memoises per chain id without mixing them up", () => {
    const seen = new Set<string>();
    for (const id of CHAIN_IDS.slice(0, 4)) {
      const d = bytesToHex(fastUserSignedDigest(usdSpec.primaryType, usdSpec.eip712, { ...usd, signatureChainId: id }, id)!);
      expect(d).toBe(viemDigest(usdSpec.primaryType, usdSpec.eip712, usd, id));
      seen.add(d);
    }
    expect(seen.size).toBe(4);
  });

  it("multi-sig envelopes (specs built per call) and SendMultiSig", () => {
    const spec = multiSigUserSignedSpec(usdSpec);
    const envelope = { ...usd, payloadMultiSigUser: "0x1111111111111111111111111111111111111111", outerSigner: "0x2222222222222222222222222222222222222222" };
    for (let i = 0; i < 2; i++)
      expect(bytesToHex(fastUserSignedDigest(spec.primaryType, multiSigUserSignedSpec(usdSpec).eip712, envelope, "0x66eee")!)).toBe(
        viemDigest(spec.primaryType, spec.eip712, envelope, "0x66eee"),
      );
    const outer = { signatureChainId: "0x66eee", hyperliquidChain: "Mainnet", multiSigActionHash: bytesToHex(keccak_256(new Uint8Array([1]))), nonce: 5 };
    expect(userSignedDigest(outer, SEND_MULTI_SIG)).toBe(viemDigest(SEND_MULTI_SIG.primaryType, SEND_MULTI_SIG.eip712, outer, "0x66eee"));
  });

  it("hashes long and non-ASCII strings like viem", () => {
    for (const amount of ["é€😀", "x".repeat(300), "\u{1F600}".repeat(60)]) {
      const a = { ...usd, amount };
      expect(bytesToHex(fastUserSignedDigest(usdSpec.primaryType, usdSpec.eip712, a, "0x66eee")!)).toBe(
        viemDigest(usdSpec.primaryType, usdSpec.eip712, a, "0x66eee"),
      );
    }
  });

  it("every schema field type has a direct encoder", () => {
    const types = new Set(Object.values(actionSpecs).flatMap((s) => (s.eip712 ?? []).map((f) => f.type)));
    for (const t of types) {
      const fields = [{ name: "x", type: t }];
      const sample: Record<string, unknown> = {
        string: "s",
        address: "0x" + "ab".repeat(20),
        bool: true,
        bytes32: "0x" + "cd".repeat(32),
        bytes: "0x0102",
        uint32: 7,
        uint64: 2 ** 40,
      };
      expect(sample[t], t).toBeDefined();
      const fast = fastUserSignedDigest("T", fields, { x: sample[t] }, "0x1");
      expect(fast && bytesToHex(fast), t).toBe(viemDigest("T", fields, { x: sample[t] }, "0x1"));
    }
  });
});

describe("L1 digests", () => {
  it("l1Digest = viem hashTypedData of the phantom agent", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (id, mainnet) => {
        expect(bytesToHex(l1Digest(id, mainnet))).toBe(hashTypedData(l1TypedData(bytesToHex(id), mainnet)));
      }),
      { numRuns: 50 },
    );
  });

  it("actionHashBytes = keccak(l1Payload), with vault and expiry", () => {
    const action = { type: "order", orders: [{ a: 1, b: false, p: "1.5", s: "2", r: true, t: { limit: { tif: "Ioc" } } }], grouping: "na" };
    for (const vaultAddress of [null, "0x" + "Ab".repeat(20)])
      for (const expiresAfter of [null, 1_800_000_000_000]) {
        const input = { action, nonce: 2 ** 40 + 3, vaultAddress, expiresAfter };
        const payload = l1Payload(input);
        expect(bytesToHex(actionHashBytes(input))).toBe(bytesToHex(keccak_256(payload)));
        expect(payload.subarray(-(vaultAddress ? 29 : 9) - (expiresAfter ? 9 : 0)).subarray(0, 8)).toEqual(hexToBytes("0x0000010000000003"));
      }
    expect(() => actionHashBytes({ action, nonce: 1, vaultAddress: "0x1234" })).toThrow(/vaultAddress/);
  });
});

describe("keccak backends", () => {
  it(`${keccakBackend()} keccak256 = @noble/hashes on random inputs`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        const joined = new Uint8Array([...a, ...b]);
        expect(bytesToHex(keccak256(a))).toBe(bytesToHex(keccak_256(a)));
        expect(bytesToHex(keccak256Concat(a, b))).toBe(bytesToHex(keccak_256(joined)));
      }),
      { numRuns: 300 },
    );
  });

  it(`${keccakBackend()} keccak256 = @noble/hashes at the 136-byte rate boundaries (padding in the last byte, a block of padding alone)`, () => {
    for (const n of [0, 1, 134, 135, 136, 137, 271, 272, 273]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
      expect(bytesToHex(keccak256(data)), `${n} bytes`).toBe(bytesToHex(keccak_256(data)));
      expect(bytesToHex(keccak256Concat(data.subarray(0, n >> 1), data.subarray(n >> 1))), `${n} bytes in two parts`).toBe(bytesToHex(keccak_256(data)));
    }
  });

  it("HL_PURE_JS_KECCAK=1 forces @noble/hashes", async () => {
    vi.stubEnv("HL_PURE_JS_KECCAK", "1");
    vi.resetModules();
    try {
      const fresh = await import("../../src/signing/keccak.js");
      expect(fresh.keccakBackend()).toBe("noble");
      expect(bytesToHex(fresh.keccak256(new Uint8Array([1, 2, 3])))).toBe(bytesToHex(keccak_256(new Uint8Array([1, 2, 3]))));
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
