/** Off-thread signer recovery gives exactly the inline answer, and null for garbage. */
import fc from "fast-check";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import { SignerRecovery } from "../../devnet/verifier.js";
import { privateKeyWallet, recoverDigestSigner } from "../../src/index.js";

const worker = new SignerRecovery(true);
afterAll(() => worker.close());

describe("SignerRecovery (worker)", () => {
  it("recovers the signer of random digests, batched, like the inline path", async () => {
    const wallets = Array.from({ length: 4 }, () => privateKeyWallet(generatePrivateKey()));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(3), async (digest, w) => {
        const wallet = wallets[w]!;
        const signature = wallet.signDigest!(digest);
        const results = await Promise.all([worker.recover(digest, signature), worker.recover(digest, signature)]);
        expect(results).toEqual([wallet.address.toLowerCase(), wallet.address.toLowerCase()]);
        expect(recoverDigestSigner(digest, signature)).toBe(results[0]);
      }),
      { numRuns: 50 },
    );
  });

  it("answers null for signatures that do not recover", async () => {
    const digest = new Uint8Array(32).fill(7);
    expect(await worker.recover(digest, { r: "0x0", s: "0x0", v: 27 })).toBeNull();
    expect(await worker.recover(digest, { r: `0x${"f".repeat(64)}`, s: "0x1", v: 29 as 27 })).toBeNull();
    expect(await worker.recover(digest, { r: `0x${"1".repeat(66)}`, s: "0x1", v: 27 })).toBeNull();
  });
});
