/** Python examples/multi_sig_usd_send.py: 100 USDC sent from the multi-sig user (sendAsset), signed by its authorized users. */
import { hyperliquidChainOf, signMultiSigUserSignedPayload } from "../src/index.js";
import { multiSigUser, NETWORK, ok, run, setup, setupMultiSigWallets } from "./_config.js";

run(async () => {
  const { address, exchange } = await setup({ skipWs: true });
  const wallets = setupMultiSigWallets();
  const user = multiSigUser();
  const timestamp = Date.now();

  const action = {
    type: "sendAsset",
    signatureChainId: "0x66eee",
    hyperliquidChain: hyperliquidChainOf(NETWORK.isMainnet),
    destination: "0x0000000000000000000000000000000000000000",
    sourceDex: "",
    destinationDex: "",
    token: "USDC",
    amount: "100.0",
    fromSubAccount: "",
    nonce: timestamp,
  };
  const signatures = [];
  for (const wallet of wallets) signatures.push(await signMultiSigUserSignedPayload({ wallet, action, multiSigUser: user, outerSigner: address }));
  ok("multi-sig usd send", await exchange.multi_sig(user, action, signatures, timestamp));
});
