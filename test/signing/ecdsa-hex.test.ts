/**
 * signDigestHex (the local wallet's signer: r and s as hex from a reused output buffer) against
 * @noble/curves: the same signature for every digest, and no bytes of one call left in the next.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signDigestHex } from "../../src/signing/ecdsa.js";

const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString("hex")}`;

describe("signDigestHex", () => {
  it("equals @noble/curves' recovered signature on random keys and digests, call after call", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 48, maxLength: 48 }), (digest, seed) => {
        const secret = secp256k1.utils.randomSecretKey(seed);
        const expected = secp256k1.sign(digest, secret, { prehash: false, format: "recovered" });
        const first = signDigestHex(digest, secret);
        // A second signature over another digest must not change the first's strings.
        const other = signDigestHex(new Uint8Array(32).fill(7), secret);
        expect(first).toEqual({ recid: expected[0], r: hex(expected.subarray(1, 33)), s: hex(expected.subarray(33, 65)) });
        expect(other.r).not.toBe(first.r);
      }),
      { numRuns: 100 },
    );
  });
});
