/** Python examples/basic_evm_use_big_blocks.py: switch this account's HyperEVM transactions to big blocks and back. */
import { ok, run, setup } from "./_config.js";

run(async () => {
  const { exchange } = await setup({ skipWs: true });
  ok("use big blocks", await exchange.use_big_blocks(true));
  ok("use small blocks", await exchange.use_big_blocks(false));
});
