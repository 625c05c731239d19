/**
 * Python examples/multi_sig_order.py: the authorized users sign an order for the multi-sig
 * user; this account submits it. Python hard-codes asset 4 (a testnet perp); this port
 * resolves ETH's asset id so the same code runs on any network.
 */
import { signMultiSigL1Payload } from "../src/index.js";
import { multiSigUser, NETWORK, ok, run, setup, setupMultiSigWallets } from "./_config.js";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  const wallets = setupMultiSigWallets();
  const user = multiSigUser();

  const action = {
    type: "order",
    orders: [{ a: await info.name_to_asset("ETH"), b: true, p: "1100", s: "0.2", r: false, t: { limit: { tif: "Gtc" } } }],
    grouping: "na",
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
  ok("multi-sig order", await exchange.multi_sig(user, action, signatures, timestamp));
});
