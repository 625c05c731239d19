/**
 * Python examples/basic_convert_to_multi_sig_user.py: make this account a multi-sig user with
 * two authorized users and threshold 1. The authorized users must be existing users (they
 * have deposited); here they are the addresses of HL_EXAMPLES_MULTISIG_KEYS, or the Python
 * example's placeholders 0x…00 and 0x…01 when that is unset (the chain refuses those).
 */
import { privateKeyWallet } from "../src/index.js";
import { ok, run, setup } from "./_config.js";

run(async () => {
  const { exchange } = await setup({ skipWs: true });
  if (exchange.account_address?.toLowerCase() !== exchange.wallet.address.toLowerCase())
    throw new Error("Agents do not have permission to convert to multi-sig user");

  const keys = (process.env.HL_EXAMPLES_MULTISIG_KEYS ?? "").split(",").filter(Boolean);
  const [authorizedUser1, authorizedUser2] = keys.length
    ? keys.map((k) => privateKeyWallet(k).address)
    : ["0x0000000000000000000000000000000000000000", "0x0000000000000000000000000000000000000001"];
  const threshold = 1;
  ok("convert to multi-sig user", await exchange.convert_to_multi_sig_user([authorizedUser1!, authorizedUser2!], threshold));
  // After this the account can only act through multiSig actions signed by its authorized users.
});
