/**
 * `hl serve`: the SDK as a Connect / gRPC / gRPC-Web service (src/serve). Prints `listening on
 * URL` when ready and the token file's path (never the token). Trading needs HL_PRIVATE_KEY,
 * or --devnet, which starts the embedded devnet and funds a throwaway wallet with 10,000 USDC.
 */
import { readFileSync } from "node:fs";
import { generatePrivateKey } from "viem/accounts";
import { startDevnet, type Devnet } from "../../../devnet/server.js";
import { AlgoRunner } from "../../algos/runner.js";
import { AlgoStore } from "../../algos/store.js";
import { ExchangeClient } from "../../clients/exchange.js";
import { InfoClient } from "../../clients/info.js";
import { SubscriptionClient } from "../../clients/subscription.js";
import { loadOrCreateToken } from "../../serve/auth.js";
import { startServer, type ServeOptions } from "../../serve/server.js";
import { startGuardRuntime, type GuardRuntime } from "../../guard/runtime.js";
import { openPaperSession, type PaperSession } from "../paper.js";
import { privateKeyWallet } from "../../signing/index.js";
import { loadServeWallet } from "../../signing/key-source.js";
import { HttpTransport } from "../../transport/http/http-transport.js";
import { network as networkOf } from "../../transport/networks.js";
import { report, runCommand, UsageError, type CommandSpec } from "../args.js";

export const spec = {
  name: "serve",
  summary: "Serve the SDK over Connect, gRPC and gRPC-Web (InfoService, ExchangeService, SubscriptionService) on one port.",
  description:
    "Actions are signed by the server's wallet (HL_PRIVATE_KEY, --key-stdin, --keystore, or a funded throwaway one with --devnet); no rpc takes a key. Every ExchangeService call needs `authorization: Bearer <token>` from --token-file.",
  options: {
    host: { type: "string", value: "HOST", default: "127.0.0.1", description: "address to bind; a non-loopback one needs --tls-cert/--tls-key" },
    port: { type: "integer", value: "PORT", default: 50051, min: 0, description: "port to listen on; 0 picks a free one" },
    network: {
      type: "string",
      value: "mainnet|testnet|local|URL",
      default: "local",
      description: "the API behind the server (local = the devnet at http://127.0.0.1:3001)",
    },
    devnet: { type: "boolean", description: "start the embedded devnet behind the server and fund the wallet with 10,000 USDC" },
    "token-file": { type: "string", value: "FILE", default: ".hl-serve-token", description: "bearer token file, made (mode 0600) at first start" },
    "tls-cert": { type: "string", value: "FILE", description: "PEM certificate: serve TLS" },
    "tls-key": { type: "string", value: "FILE", description: "PEM private key of --tls-cert" },
    "require-token-for-reads": { type: "boolean", description: "InfoService calls need the token too" },
    "h2c-only": { type: "boolean", description: "cleartext HTTP/2 only (gRPC clients): no HTTP/1.1 on the port, less CPU per call" },
    guard: {
      type: "string",
      value: "FILE",
      description: "guard-rail config (TOML): every ExchangeService action passes mode, kill switch, risk limits, audit log",
    },
    "algo-state": {
      type: "string",
      value: "FILE",
      description: "serve AlgoService (TWAP, iceberg, trailing stop, conditional) with its state in this SQLite store; running algorithms resume at start",
    },
    "key-stdin": { type: "boolean", description: "read the wallet's private key from the first line of stdin (for a parent process)" },
    keystore: {
      type: "string",
      value: "FILE",
      description: "the wallet from an Ethereum v3 keystore JSON file (password: HL_KEYSTORE_PASSWORD or --password-file)",
    },
    "password-file": { type: "string", value: "FILE", description: "file whose first line is the --keystore password" },
  },
  examples: [
    "hl serve --devnet",
    "HL_PRIVATE_KEY=0x… hl serve --network testnet",
    "HL_KEYSTORE_PASSWORD=… hl serve --keystore wallet.json --network testnet",
    "hl serve --host 0.0.0.0 --tls-cert cert.pem --tls-key key.pem --network mainnet",
  ],
} satisfies CommandSpec;

export function run(argv: string[]): Promise<number> {
  return runCommand(spec, argv, async ({ values }) => {
    let tls: ServeOptions["tls"];
    let apiUrl: string;
    let wsUrl: string;
    let isMainnet: boolean;
    try {
      if (Boolean(values["tls-cert"]) !== Boolean(values["tls-key"])) throw new UsageError("hl serve: --tls-cert and --tls-key go together");
      if (values["tls-cert"] && values["tls-key"]) tls = { cert: readFileSync(values["tls-cert"]), key: readFileSync(values["tls-key"]) };
      const net = networkOf(values.network);
      apiUrl = net.apiUrl;
      wsUrl = net.wsUrl;
      isMainnet = net.isMainnet;
    } catch (e) {
      return report(e, 2);
    }
    let keyed;
    try {
      keyed = await loadServeWallet({ keyStdin: values["key-stdin"], keystore: values.keystore, passwordFile: values["password-file"] });
    } catch (e) {
      return report(e, 2);
    }
    let devnet: Devnet | undefined;
    if (values.devnet) {
      devnet = await startDevnet({ port: 0 });
      apiUrl = devnet.url;
      wsUrl = devnet.wsUrl;
      isMainnet = devnet.isMainnet;
    }
    const wallet = keyed ?? (devnet ? privateKeyWallet(generatePrivateKey()) : undefined);
    if (devnet && wallet) devnet.fund(wallet.address, 10_000);
    const transport = new HttpTransport({ url: apiUrl });
    const { token, created } = loadOrCreateToken(values["token-file"]);
    const subscriptions = new SubscriptionClient({ url: wsUrl });
    let server;
    let guarded: GuardRuntime | undefined;
    let algos: { runner: AlgoRunner; store: AlgoStore } | undefined;
    // Set when the guard runs in paper mode: the algorithms' children then match on the same venue.
    let paperSession: PaperSession | undefined;
    try {
      if (values.guard && wallet)
        guarded = await startGuardRuntime({
          configPath: values.guard,
          wallet,
          transport,
          isMainnet,
          info: new InfoClient({ transport }),
          network: values.network,
          subscriptions,
          // mode = "paper": orders match locally on the devnet's engine, fed by this network's l2Book stream.
          paper: async ({ store, coins }) =>
            (paperSession = await openPaperSession({ info: new InfoClient({ transport }), store, user: wallet.address, follow: { subscriptions, coins } })),
        });
      if (values["algo-state"] && wallet) {
        const store = AlgoStore.open(values["algo-state"]);
        const info = new InfoClient({ transport });
        const exchange = guarded?.exchange ?? new ExchangeClient({ wallet, transport, isMainnet });
        algos = {
          runner: new AlgoRunner({ exchange, info, user: wallet.address, store, subscriptions, ...(paperSession ? { venue: paperSession.venue } : {}) }),
          store,
        };
        await algos.runner.start();
      }
      server = await startServer({
        host: values.host,
        port: values.port,
        info: new InfoClient({ transport }),
        exchange: wallet && { wallet, transport, isMainnet, ...(guarded ? { guard: guarded.guard } : {}) },
        subscriptions,
        ...(algos ? { algos } : {}),
        token,
        tls,
        requireTokenForReads: values["require-token-for-reads"],
        h2cOnly: values["h2c-only"],
        // The docs' "Try it out" targets the embedded devnet when there is one.
        ...(devnet ? { docsApiUrl: devnet.url } : {}),
      });
    } catch (e) {
      await algos?.runner.stop();
      algos?.store.close();
      await guarded?.close();
      await subscriptions.close();
      await devnet?.close();
      return report(e, 2);
    }
    console.log(`listening on ${server.url}`);
    console.log(
      `token ${created ? "written to" : "read from"} ${values["token-file"]} · API ${apiUrl}${devnet ? " (embedded devnet)" : ""} · wallet ${wallet ? wallet.address : "none (ExchangeService disabled: set HL_PRIVATE_KEY)"}${guarded ? ` · guard ${guarded.guard.mode} (${values.guard})` : ""}${algos ? ` · algos ${values["algo-state"]} (${algos.runner.handles().length} resumed)` : ""}`,
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await server.close();
    await algos?.runner.stop();
    algos?.store.close();
    await guarded?.close();
    await subscriptions.close();
    await devnet?.close();
    return 0;
  });
}
