// A runner process for the crash tests, bundled by the test with esbuild into dist/test/ (one
// CommonJS file with every pure-JS dependency inside, loaded through a V8 code cache by
// test/algos/cached-loader.mjs: see crash.test.ts). Resumes the store's running algorithms, or starts
// the one described by ALGO_SPEC (JSON {kind, id, params}) if the store does not know it.
// Prints one JSON line per update; exits 0 when every algorithm has ended.
// It loads its modules first and waits for "go" on stdin, so the test can start the next
// process while the current one runs (the machine is slow at loading modules, not at trading).
// Env: DEVNET_URL, DEVNET_WS, HL_PRIVATE_KEY (a throwaway test key), ALGO_STATE, ALGO_SPEC.
import { once } from "node:events";
import { createInterface } from "node:readline";
import { AlgoRunner } from "../../src/algos/runner.js";
import { AlgoStore } from "../../src/algos/store.js";
import { ExchangeClient } from "../../src/clients/exchange.js";
import { InfoClient } from "../../src/clients/info.js";
import { SubscriptionClient } from "../../src/clients/subscription.js";
import { GuardRails } from "../../src/guard/pipeline.js";
import { privateKeyWallet } from "../../src/signing/wallet.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";

const lines = createInterface({ input: process.stdin });
// The test holds stdin open: when it goes away (the test ended or died), so does this process.
lines.once("close", () => process.exit(1));

// No top-level await: the bundle is CommonJS (a code cache needs a classic script).
async function main(): Promise<void> {
  await once(lines, "line");

  const env = process.env;
  const wallet = privateKeyWallet(env.HL_PRIVATE_KEY!);
  const transport = new HttpTransport({ url: env.DEVNET_URL!, retry: { attempts: 1 } });
  const info = new InfoClient({ transport });
  const store = AlgoStore.open(env.ALGO_STATE!);
  const guard = new GuardRails({ store: store.guardStore, mode: "live", network: "local", env: {} });
  const exchange = new ExchangeClient({ wallet, transport, isMainnet: false, guard });
  const subscriptions = new SubscriptionClient({ url: env.DEVNET_WS! });
  const runner = new AlgoRunner({ exchange, info, user: wallet.address, store, subscriptions, tickMs: 10, pollMs: 200 });
  const handles = await runner.start();
  const spec = JSON.parse(env.ALGO_SPEC!) as { kind: "twap" | "iceberg"; id: string; params: never };
  if (!store.load(spec.id))
    handles.push(spec.kind === "twap" ? await runner.twap(spec.params, { id: spec.id }) : await runner.iceberg(spec.params, { id: spec.id }));
  for (const h of handles)
    h.on((u) => process.stdout.write(`${JSON.stringify({ id: u.id, status: u.status, filled: u.progress.filled, commands: u.commands })}\n`));
  await Promise.all(handles.map((h) => h.done));
  process.stdout.write(`${JSON.stringify({ finished: handles.map((h) => ({ id: h.id, status: h.status, filled: h.progress.filled })) })}\n`);
  await runner.stop();
  await subscriptions.close();
  store.close();
  process.exit(0);
}

void main();
