/**
 * Python examples/spot_deploy.py: deploy a HIP-1 token and its HIP-2 hyperliquidity, step by
 * step: register the token, user genesis, (freeze privilege), genesis, register the spot pair,
 * register hyperliquidity, (deployer fee share), (quote token). The optional steps run with
 * --enable-freeze, --set-fee-share and --enable-quote-token (Python's flags in the file).
 */
import { ok, run, setup } from "./_config.js";

const ENABLE_FREEZE_PRIVILEGE = process.argv.includes("--enable-freeze");
const SET_DEPLOYER_TRADING_FEE_SHARE = process.argv.includes("--set-fee-share");
const ENABLE_QUOTE_TOKEN = process.argv.includes("--enable-quote-token");
const DUMMY_USER = "0x0000000000000000000000000000000000000001";

run(async () => {
  const { exchange } = await setup({ skipWs: true });

  // Step 1: take part in the auction (max gas 10,000 HYPE); the answer carries the token index.
  const registered = ok("register token", await exchange.spot_deploy_register_token("TEST0", 2, 8, 1000000000000, "Test token example"));
  const token = (registered.response as { data?: unknown }).data;
  if (typeof token !== "number") throw new Error(`registerToken2 answered no token index: ${JSON.stringify(registered.response)}`);

  // Step 2: user genesis, repeatable: balances for users and for hyperliquidity (0xff…ff).
  ok(
    "user genesis",
    await exchange.spot_deploy_user_genesis(
      token,
      [
        [DUMMY_USER, "100000000000000"],
        ["0xffffffffffffffffffffffffffffffffffffffff", "100000000000000"],
      ],
      [],
    ),
  );
  ok("user genesis (no-op)", await exchange.spot_deploy_user_genesis(token, [], []));
  // Spread 1e14 wei over the holders of token 1, weighted by their balances.
  ok("user genesis (existing token holders)", await exchange.spot_deploy_user_genesis(token, [], [[1, "100000000000000"]]));

  if (ENABLE_FREEZE_PRIVILEGE) {
    // Step 2-a: a frozen user cannot trade, send or receive the token.
    ok("enable freeze privilege", await exchange.spot_deploy_enable_freeze_privilege(token));
    ok("freeze user", await exchange.spot_deploy_freeze_user(token, DUMMY_USER, true));
    ok("unfreeze user", await exchange.spot_deploy_freeze_user(token, DUMMY_USER, false));
  }

  // Step 3: genesis; max supply must equal everything allocated above.
  ok("genesis", await exchange.spot_deploy_genesis(token, "300000000000000", false));

  // Step 4: the TEST0/USDC pair (USDC is token 0); the answer carries the spot index.
  const pair = ok("register spot", await exchange.spot_deploy_register_spot(token, 0));
  const spot = (pair.response as { data?: unknown }).data;
  if (typeof spot !== "number") throw new Error(`registerSpot answered no spot index: ${JSON.stringify(pair.response)}`);

  // Step 5: hyperliquidity from $2, 4 per order, 100 orders (required even with noHyperliquidity, then with 0 orders).
  ok("register hyperliquidity", await exchange.spot_deploy_register_hyperliquidity(spot, 2.0, 4.0, 100, null));

  if (SET_DEPLOYER_TRADING_FEE_SHARE) {
    // Step 6: the share can only go down (default 100%, steps of 0.001%).
    ok("set deployer trading fee share", await exchange.spot_deploy_set_deployer_trading_fee_share(token, "100%"));
  }
  if (ENABLE_QUOTE_TOKEN) {
    // Step 7: needs a zero deployer fee share and an allowed quote token.
    ok("enable quote token", await exchange.spot_deploy_enable_quote_token(token));
  }
});
