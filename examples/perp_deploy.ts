/**
 * Python examples/perp_deploy.py: deploy a builder (HIP-3) perp dex. Read the deploy auction,
 * register assets test:TEST0 (with --register-dex that first registration also creates dex
 * "test" with a schema; Python's REGISTER_PERP_DEX) and test:TEST1, set oracle prices for
 * both, print the dex's meta.
 */
import type { PerpDexSchemaInput } from "../src/index.js";
import { ok, run, setup, show } from "./_config.js";

const REGISTER_PERP_DEX = process.argv.includes("--register-dex");
const DUMMY_DEX = "test";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  show("perp deploy auction status", await info.query_perp_deploy_auction_status());

  // Step 1: take part in the auction (max gas 10k HYPE) and register an asset; repeatable.
  const schema: PerpDexSchemaInput | null = REGISTER_PERP_DEX ? { fullName: "test dex", collateralToken: 0, oracleUpdater: address } : null;
  ok("register asset result", await exchange.perp_deploy_register_asset(DUMMY_DEX, 1000000000000, `${DUMMY_DEX}:TEST0`, 2, "10", 10, false, schema));
  // The oracle update below prices TEST1 too, so register it as well (Python assumes it was registered before).
  ok("register asset result", await exchange.perp_deploy_register_asset(DUMMY_DEX, 1000000000000, `${DUMMY_DEX}:TEST1`, 2, "1", 10, false, null));

  // Prices are canonical decimals ("10", not Python's "10.0"): the SDK refuses other spellings before signing.
  // Step 2: oracle prices (repeatable): oracle, mark and external perp prices per coin.
  ok(
    "set oracle result",
    await exchange.perp_deploy_set_oracle(
      DUMMY_DEX,
      { [`${DUMMY_DEX}:TEST0`]: "12", [`${DUMMY_DEX}:TEST1`]: "1" },
      [{ [`${DUMMY_DEX}:TEST1`]: "3", [`${DUMMY_DEX}:TEST0`]: "14" }],
      { [`${DUMMY_DEX}:TEST0`]: "12.1", [`${DUMMY_DEX}:TEST1`]: "1.1" },
    ),
  );
  const meta = await info.meta(DUMMY_DEX);
  show("dummy dex meta", meta);
  if (!meta.universe.some((a) => a.name === `${DUMMY_DEX}:TEST0`)) throw new Error(`meta of dex ${DUMMY_DEX} does not list ${DUMMY_DEX}:TEST0`);
});
