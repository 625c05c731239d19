/**
 * Python examples/multi_sig_convert_to_normal_user.py: the authorized users sign
 * convertToMultiSigUser with signers "null", and this account (an authorized user, the outer
 * signer) submits it: the multi-sig user becomes a normal user again.
 */
import { hyperliquidChainOf, signMultiSigUserSignedPayload } from "../src/index.js";
import { multiSigUser, NETWORK, ok, run, setup, setupMultiSigWallets } from "./_config.js";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  const wallets = setupMultiSigWallets();
  const user = multiSigUser();
  const timestamp = Date.now();

  const action = {
    type: "convertToMultiSigUser",
    signatureChainId: "0x66eee",
    hyperliquidChain: hyperliquidChainOf(NETWORK.isMainnet),
    signers: "null",
    nonce: timestamp,
  };
  // Each authorized user signs the action bound to the multi-sig user and the outer signer.
  const signatures = [];
  for (const wallet of wallets) signatures.push(await signMultiSigUserSignedPayload({ wallet, action, multiSigUser: user, outerSigner: address }));

  ok("multi-sig convert to normal user", await exchange.multi_sig(user, action, signatures, timestamp));
  const signers = await info.query_user_to_multi_sig_signers(user);
  console.log("signers now:", JSON.stringify(signers));
  if (signers !== null) throw new Error(`${user} still has multi-sig signers`);
});
