/**
 * Python examples/basic_spot_transfer.py: send 1 PURR to the zero address. A token is named
 * "NAME:tokenId"; the Python script hard-codes testnet's PURR id, this port reads it from
 * spotMeta so it names the right token on any network.
 */
import { ok, run, setup } from "./_config.js";

run(async () => {
  const { info, exchange } = await setup({ skipWs: true });
  if (exchange.account_address?.toLowerCase() !== exchange.wallet.address.toLowerCase())
    throw new Error("Agents do not have permission to perform internal transfers");
  const purr = (await info.spot_meta()).tokens.find((t) => t.name === "PURR");
  if (!purr) throw new Error("spotMeta lists no PURR token");
  const token = `PURR:${purr.tokenId}`; // testnet: PURR:0xc4bf3f870c0e9465323c0b6ed28096c2
  ok("spot transfer", await exchange.spot_transfer(1, "0x0000000000000000000000000000000000000000", token));
});
