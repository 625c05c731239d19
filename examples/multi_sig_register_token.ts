/** Python examples/multi_sig_register_token.py: a spot deploy (registerToken2) signed by the multi-sig user's authorized users. */
import { signMultiSigL1Payload } from "../src/index.js";
import { multiSigUser, NETWORK, ok, run, setup, setupMultiSigWallets } from "./_config.js";

run(async () => {
  const { address, exchange } = await setup({ skipWs: true });
  const wallets = setupMultiSigWallets();
  const user = multiSigUser();

  const action = {
    type: "spotDeploy",
    registerToken2: { spec: { name: "TESTH", szDecimals: 2, weiDecimals: 8 }, maxGas: 1000000000000, fullName: "Example multi-sig spot deploy" },
  };
  const timestamp = Date.now();
  const signatures = [];
  for (const wallet of wallets)
    signatures.push(
      await signMultiSigL1Payload({
        wallet,
        action,
        isMainnet: NETWORK.isMainnet,
        vaultAddress: null,
        nonce: timestamp,
        expiresAfter: exchange.expires_after,
        multiSigUser: user,
        outerSigner: address,
      }),
    );
  ok("multi-sig register token", await exchange.multi_sig(user, action, signatures, timestamp));
});
