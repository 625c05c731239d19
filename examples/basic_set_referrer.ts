/** Python examples/basic_set_referrer.py: use referral code ASDFASDF (not for sub-accounts or vaults), then read the referral state. */
import { ok, run, setup } from "./_config.js";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  ok("set referrer", await exchange.set_referrer("ASDFASDF"));
  const referralState = await info.query_referral_state(address);
  if (referralState.referredBy) console.log("referred by", JSON.stringify(referralState.referredBy));
  else throw new Error("the referral state shows no referrer after set_referrer");
});
