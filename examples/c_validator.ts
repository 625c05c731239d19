/**
 * Python examples/c_validator.py --action Register|ChangeProfile|Unregister: validator
 * registration (see the node repository's "join network"). Replace the profile values below
 * with your own before running it against a real network.
 */
import { ok, run, setup } from "./_config.js";

const action = process.argv[process.argv.indexOf("--action") + 1] ?? "";
const DUMMY_SIGNER = "0x0000000000000000000000000000000000000001";

run(async () => {
  const { exchange } = await setup({ skipWs: true });
  if (action === "Register") {
    const res = await exchange.c_validator_register("1.2.3.4", "...", "...", true, 5, DUMMY_SIGNER, false, 100000);
    ok("register result", res);
  } else if (action === "ChangeProfile") {
    // null leaves a field as it is.
    ok("change profile result", await exchange.c_validator_change_profile(null, null, null, false, null, null, null));
  } else if (action === "Unregister") {
    ok("unregister result", await exchange.c_validator_unregister());
  } else throw new Error(`Invalid action specified: ${JSON.stringify(action)} (pass --action Register, ChangeProfile or Unregister)`);
});
