/**
 * Python examples/basic_recover_user.py: recover who signed an L1 action (an agent or the
 * user) and a user-signed action, offline. The two payloads are the Python example's; then
 * the same is done for a payload signed here, whose signer is known, as a check.
 */
import { generatePrivateKey } from "viem/accounts";
import { privateKeyWallet, type Signature, recoverL1Signer, recoverUserSignedSigner, signL1ActionRaw, signUserSignedActionRaw } from "../src/index.js";
import { run } from "./_config.js";

run(async () => {
  const exampleL1SignedAction = {
    signature: {
      r: "0xd088ceb979ab7616f21fd7dabee04342235bd3af6d82a6d153b503c34c73bc93",
      s: "0x425d8467a69f4d0ff6d9ddfb360ef6152c8165cdd20329e03b0a8f19890d73e",
      v: 27,
    } satisfies Signature,
    vaultAddress: "0xc64cc00b46101bd40aa1c3121195e85c0b0918d8",
    action: { type: "cancel", cancels: [{ a: 87, o: 28800768235 }] },
    nonce: 1745532560074,
  };
  const agentOrUser = recoverL1Signer({
    action: exampleL1SignedAction.action,
    nonce: exampleL1SignedAction.nonce,
    vaultAddress: exampleL1SignedAction.vaultAddress,
    expiresAfter: null,
    isMainnet: false,
    signature: exampleL1SignedAction.signature,
  });
  console.log("recovered l1 action agent or user:", agentOrUser);

  const exampleUserSignedAction = {
    signature: {
      r: "0xa00406eb38821b8918743fab856c103132261e8d990852a8ee25e6f2e88891b",
      s: "0x34cf47cfbf09173bcb851bcfdce3ad83dd64ed791ab32bfe9606d25e7c608859",
      v: 27,
    } satisfies Signature,
    action: {
      type: "tokenDelegate",
      signatureChainId: "0xa4b1",
      hyperliquidChain: "Mainnet",
      validator: "0x5ac99df645f3414876c816caa18b2d234024b487",
      wei: 100163871320,
      isUndelegate: true,
      nonce: 1744932112279,
    },
    nonce: 1744932112279,
  };
  // The EIP-712 type (HyperliquidTransaction:TokenDelegate) follows from the action's type.
  const user = recoverUserSignedSigner(exampleUserSignedAction.action, exampleUserSignedAction.signature);
  console.log("recovered user-signed action user:", user);
  if (!agentOrUser || !user) throw new Error("a signature did not recover to an address");

  // The same with payloads signed here: the recovered address must be the signer's.
  const wallet = privateKeyWallet(generatePrivateKey());
  const l1 = { action: exampleL1SignedAction.action, nonce: Date.now(), vaultAddress: null, expiresAfter: null, isMainnet: false };
  const l1Signer = recoverL1Signer({ ...l1, signature: (await signL1ActionRaw({ wallet, ...l1 })).signature });
  const userSigned = { ...exampleUserSignedAction.action, nonce: Date.now() };
  const userSigner = recoverUserSignedSigner(userSigned, await signUserSignedActionRaw({ wallet, action: userSigned }));
  console.log("signed here by", wallet.address, "recovered", l1Signer, "and", userSigner);
  for (const got of [l1Signer, userSigner])
    if (got?.toLowerCase() !== wallet.address.toLowerCase()) throw new Error(`recovered ${got}, expected ${wallet.address}`);
});
