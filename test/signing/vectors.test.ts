/** Every published signing vector in ../shared/conformance/vectors. */
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  actionHash,
  floatToIntForHashing,
  floatToWire,
  privateKeyWallet,
  recoverL1Signer,
  recoverUserSignedSigner,
  signL1ActionRaw,
  signUserSignedActionRaw,
  userSignedSpecOf,
  viemAccountWallet,
  type Signature,
} from "../../src/signing/index.js";
import { readShared, skipShared } from "../helpers/shared.js";

interface L1Vector {
  name?: string;
  privateKey?: string;
  signer?: string;
  action: Record<string, unknown>;
  nonce: number;
  vaultAddress: string | null;
  expiresAfter: number | null;
  isMainnet: boolean;
  connectionId: string;
  signature: Signature;
}
interface UserVector {
  name?: string;
  privateKey?: string;
  signer?: string;
  action: Record<string, unknown> & { signatureChainId: string };
  isMainnet: boolean;
  primaryType: string;
  signature: Signature;
}
interface Reference {
  privateKey: string;
  signer: string;
  l1: L1Vector[];
  userSigned: UserVector[];
  connectionIds: { name: string; action: unknown; nonce: number; connectionId: string }[];
  wireConversions: { floatToWire: [number, string][]; floatToIntForHashing: [number, string][] };
}

/** r and s compared as integers: one source drops leading zeros. */
export function expectSameSignature(actual: Signature, expected: Signature): void {
  expect(BigInt(actual.r)).toBe(BigInt(expected.r));
  expect(BigInt(actual.s)).toBe(BigInt(expected.s));
  expect(actual.v).toBe(expected.v);
}

describe.skipIf(skipShared)("signing vectors (../shared/conformance/vectors)", () => {
  const ref = skipShared ? undefined : readShared<Reference>("conformance/vectors/signing-reference.json");
  const gen = skipShared ? undefined : readShared<{ l1: L1Vector[]; userSigned: UserVector[] }>("conformance/vectors/signing-generated.json");
  const l1 = [...(ref?.l1 ?? []).map((v) => ({ ...v, privateKey: ref!.privateKey, signer: ref!.signer })), ...(gen?.l1 ?? [])];
  const user = [...(ref?.userSigned ?? []).map((v) => ({ ...v, privateKey: ref!.privateKey, signer: ref!.signer })), ...(gen?.userSigned ?? [])];

  it("has vectors", () => {
    expect(l1.length).toBeGreaterThan(100);
    expect(user.length).toBeGreaterThan(50);
  });

  it.each(l1.map((v, i) => [`${i} ${v.name ?? String(v.action.type)}`, v] as const))("L1 %s", async (_name, v) => {
    expect(actionHash(v)).toBe(v.connectionId);
    const wallet = privateKeyWallet(v.privateKey!);
    expect(wallet.address).toBe(v.signer!.toLowerCase());
    const { signature } = await signL1ActionRaw({ ...v, wallet });
    expectSameSignature(signature, v.signature);
    expect(recoverL1Signer({ ...v, signature: v.signature })).toBe(v.signer!.toLowerCase());
  });

  it.each(user.map((v, i) => [`${i} ${v.name ?? String(v.action.type)}`, v] as const))("user-signed %s", async (_name, v) => {
    const spec = userSignedSpecOf(v.action);
    expect(spec.primaryType).toBe(v.primaryType);
    const signature = await signUserSignedActionRaw({ wallet: privateKeyWallet(v.privateKey!), action: v.action });
    expectSameSignature(signature, v.signature);
    expect(recoverUserSignedSigner(v.action, v.signature)).toBe(v.signer!.toLowerCase());
  });

  it("a viem account signs the same bytes as the fast path", async () => {
    const wallet = viemAccountWallet(privateKeyToAccount(ref!.privateKey as `0x${string}`));
    for (const v of ref!.l1) expectSameSignature((await signL1ActionRaw({ ...v, wallet })).signature, v.signature);
    for (const v of ref!.userSigned) expectSameSignature(await signUserSignedActionRaw({ wallet, action: v.action }), v.signature);
  });

  it("connection ids", () => {
    for (const c of ref!.connectionIds) expect(actionHash({ action: c.action, nonce: c.nonce, vaultAddress: null })).toBe(c.connectionId);
  });

  it("float_to_wire and float_to_int_for_hashing facts", () => {
    for (const [x, want] of ref!.wireConversions.floatToWire) {
      if (want === "error") expect(() => floatToWire(x)).toThrow(/at most 8 decimals/);
      else expect(floatToWire(x)).toBe(want);
    }
    for (const [x, want] of ref!.wireConversions.floatToIntForHashing) {
      if (want === "error") expect(() => floatToIntForHashing(x)).toThrow(/at most 8 decimals/);
      else expect(floatToIntForHashing(x).toString()).toBe(want);
    }
  });
});
