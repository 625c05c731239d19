/** Bad input is refused with a typed error naming the field, before anything is signed. */
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { ValidationError } from "../../src/errors/base.js";
import { InvalidPrivateKeyError, privateKeyWallet, signAction, toWireDecimal, type HlWallet } from "../../src/signing/index.js";

const KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";

function spyWallet(): HlWallet & { calls: number } {
  const inner = privateKeyWallet(KEY);
  const w = {
    address: inner.address,
    calls: 0,
    signDigest(d: Uint8Array) {
      w.calls++;
      return inner.signDigest!(d);
    },
    signTypedData: vi.fn(inner.signTypedData),
  };
  return w;
}

const order = (over: Record<string, unknown> = {}, action: Record<string, unknown> = {}) => ({
  type: "order",
  orders: [{ a: 0, b: true, p: "100", s: "0.1", r: false, t: { limit: { tif: "Gtc" } }, ...over }],
  grouping: "na",
  ...action,
});

async function rejects(action: unknown, path: string, extra: { isMainnet?: boolean; nonce?: number } = {}): Promise<ValidationError> {
  const wallet = spyWallet();
  const err = await signAction({ wallet, action: action as never, nonce: extra.nonce ?? 1_700_000_000_000, isMainnet: extra.isMainnet ?? true }).catch(
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  const v = err as ValidationError;
  expect(v.issues.map((i) => i.path)).toContain(path);
  expect(wallet.calls).toBe(0);
  expect(wallet.signTypedData).not.toHaveBeenCalled();
  return v;
}

describe("signAction refuses bad input before signing", () => {
  it("signs a valid order", async () => {
    const wallet = spyWallet();
    const signed = await signAction({ wallet, action: order() as never, nonce: 1, isMainnet: true });
    expect(Object.keys(signed.action)).toEqual(["type", "orders", "grouping"]);
    expect(wallet.calls).toBe(1);
  });

  it("reorders keys into wire order", async () => {
    const shuffled = { grouping: "na", orders: [{ t: { limit: { tif: "Gtc" } }, r: false, s: "1", p: "1", b: true, a: 3 }], type: "order" };
    const signed = await signAction({ wallet: spyWallet(), action: shuffled as never, nonce: 1, isMainnet: true });
    expect(JSON.stringify(signed.action)).toBe(JSON.stringify(order({ a: 3, p: "1", s: "1" })));
  });

  it("unknown action type", async () => {
    const e = await rejects({ type: "ordr" }, "type");
    expect(e.shortMessage).toMatch(/ordr/);
  });
  it("missing field", async () => {
    const o = order();
    delete (o.orders[0] as Record<string, unknown>).s;
    await rejects(o, "orders[0].s");
  });
  it("extra field", async () => {
    const e = await rejects(order({ x: 1 }), "orders[0].x");
    expect(e.message).toMatch(/unknown keys change the signed hash/);
  });
  it("wrong type", async () => rejects(order({ p: 100 }), "orders[0].p"));
  it("exponent notation", async () => rejects(order({ p: "1e-5" }), "orders[0].p"));
  it("trailing zeros (the exchange would hash a different string)", async () => rejects(order({ s: "0.10" }), "orders[0].s"));
  it("NaN", async () => rejects(order({ a: Number.NaN }), "orders[0].a"));
  it("negative asset", async () => rejects(order({ a: -1 }), "orders[0].a"));
  it("bad cloid", async () => rejects(order({ c: "0x1234" }), "orders[0].c"));
  it("bad tif", async () => rejects(order({ t: { limit: { tif: "GTC" } } }), "orders[0].t.limit.tif"));
  it("bad vault address", async () => {
    const err = await signAction({ wallet: spyWallet(), action: order() as never, nonce: 1, isMainnet: true, vaultAddress: "0xnope" }).catch((e: unknown) => e);
    expect((err as ValidationError).issues[0]!.path).toBe("vaultAddress");
  });
  it("user-signed action on the wrong network", async () => {
    const action = {
      type: "usdSend",
      signatureChainId: "0x66eee",
      hyperliquidChain: "Testnet",
      destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a",
      amount: "1",
      time: 5,
    };
    await rejects(action, "action.hyperliquidChain", { isMainnet: true, nonce: 5 });
    await rejects(action, "action.time", { isMainnet: false, nonce: 6 });
  });
  it("error messages name the field, the value and what is allowed", async () => {
    const e = await rejects(order({ p: "1e-5" }), "orders[0].p");
    expect(e.shortMessage).toContain("orders[0].p");
    expect(e.shortMessage).toContain('"1e-5"');
    expect(e.shortMessage).toMatch(/decimal/);
    expect(e.hint).toMatch(/Nothing was signed/);
  });
});

describe("toWireDecimal", () => {
  it("canonicalises decimal strings and numbers", () => {
    expect(toWireDecimal("100.500")).toBe("100.5");
    expect(toWireDecimal("-0.0")).toBe("0");
    expect(toWireDecimal(0.1 + 0.2)).toBe("0.3");
    expect(toWireDecimal(1670.1)).toBe("1670.1");
  });
  it.each([["1e5"], ["+1"], [".5"], ["NaN"], ["1,5"], [""]])("refuses %s", (v) => {
    expect(() => toWireDecimal(v, "p")).toThrow(ValidationError);
  });
  it("refuses a float that would round", () => {
    expect(() => toWireDecimal(123.456789012, "limitPx")).toThrow(/limitPx/);
    expect(() => toWireDecimal(Number.NaN, "sz")).toThrow(/sz/);
  });
});

describe("private keys never leak", () => {
  it("is redacted from inspect, JSON, toString and errors", () => {
    const w = privateKeyWallet(KEY);
    const stripped = KEY.slice(2);
    for (const text of [inspect(w), JSON.stringify(w), String(w), inspect({ nested: { w } }, { depth: 5 })]) {
      expect(text).not.toContain(stripped);
      expect(text).toContain(w.address);
    }
    try {
      privateKeyWallet(`${KEY.slice(0, -1)}z`);
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidPrivateKeyError);
      expect(String((e as Error).message)).not.toContain(stripped.slice(0, -1));
    }
  });
});

describe("ECDSA backends", () => {
  it("native libsecp256k1 and @noble/curves give identical signatures", async () => {
    const { signDigestRecovered, ecdsaBackend } = await import("../../src/signing/ecdsa.js");
    const { secp256k1 } = await import("@noble/curves/secp256k1.js");
    const { randomBytes } = await import("node:crypto");
    expect(["native", "noble"]).toContain(ecdsaBackend());
    for (let i = 0; i < 50; i++) {
      const digest = randomBytes(32);
      const secret = secp256k1.utils.randomSecretKey();
      expect(Buffer.from(signDigestRecovered(digest, secret))).toEqual(Buffer.from(secp256k1.sign(digest, secret, { prehash: false, format: "recovered" })));
    }
  });
});
