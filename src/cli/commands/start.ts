/**
 * `npm start` / `hl start`: a local demo on embedded defaults, no network needed.
 * Signs an order and a usdSend with a throwaway key, recovers the signer from each payload,
 * shows what a bad input looks like, and lists what the schema covers.
 * (Once the devnet lands this runs the trading demo against it.)
 */
import { generatePrivateKey } from "viem/accounts";
import { ValidationError } from "../../errors/base.js";
import { ecdsaBackend, privateKeyWallet, recoverL1Signer, recoverUserSignedSigner, signAction } from "../../signing/index.js";
import { loadSchemaJson } from "./schema.js";

export async function run(_argv: string[]): Promise<number> {
  const wallet = privateKeyWallet(generatePrivateKey());
  const nonce = Date.now();
  console.log(`wallet ${String(wallet)} (throwaway key; ECDSA backend: ${ecdsaBackend()})\n`);

  const order = await signAction({
    wallet,
    action: { type: "order", orders: [{ a: 0, b: true, p: "30000", s: "0.001", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" },
    nonce,
    isMainnet: false,
  });
  console.log("signed L1 order (testnet):");
  console.log(JSON.stringify({ action: order.action, nonce: order.nonce, signature: order.signature }, null, 2));
  console.log(`recovered signer: ${recoverL1Signer({ ...order, isMainnet: false })}\n`);

  const send = await signAction({
    wallet,
    action: { type: "usdSend", signatureChainId: "0x66eee", hyperliquidChain: "Testnet", destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a", amount: "12.5", time: nonce },
    nonce,
    isMainnet: false,
  });
  console.log(`signed usdSend; recovered signer: ${recoverUserSignedSigner(send.action as never, send.signature)}\n`);

  try {
    await signAction({ wallet, action: { type: "order", orders: [{ a: 0, b: true, p: "30000.0", s: "1e-3", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" } as never, nonce, isMainnet: false });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    console.log("a bad order is refused before signing:");
    console.log(`  ${e.message.split("\n").join("\n  ")}\n`);
  }

  const schema = loadSchemaJson();
  console.log(`schema: ${schema.info.length} info, ${schema.explorer.length} explorer, ${schema.exchange.length} exchange action and ${schema.subscriptions.length} subscription types; ${Object.keys(schema.defs).length} wire messages`);
  console.log("run `hl schema --list` for the full list, `npm test` for the suite.");
  return 0;
}
