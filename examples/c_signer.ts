/**
 * Python examples/c_signer.py --action Jail|Unjail: a validator's signer jails or unjails
 * itself (see the node repository's "begin validating"). Python edits ACTION in the file;
 * here it is an argument.
 */
import { ok, run, setup } from "./_config.js";

const action = process.argv[process.argv.indexOf("--action") + 1] ?? "";

run(async () => {
  const { exchange } = await setup({ skipWs: true });
  if (action === "Jail") ok("jail result", await exchange.c_signer_jail_self());
  else if (action === "Unjail") ok("unjail result", await exchange.c_signer_unjail_self());
  else throw new Error(`Invalid action specified: ${JSON.stringify(action)} (pass --action Jail or --action Unjail)`);
});
