/**
 * The runner's heavier seeding: a HIP-3 dex through the documented perpDeploy actions, a
 * directory of replica-command files with signed tokenDelegate actions, and an in-process
 * `hl serve` in front of the devnet for the Python and Go clients.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Devnet } from "../devnet/index.js";
import { hyperliquidChainOf, HttpTransport, InfoClient, privateKeyWallet, signUserSignedActionRaw, SubscriptionClient } from "../src/index.js";
import { startServer } from "../src/serve/server.js";
import { clientOf, newWallet, postFund, type KeyedWallet } from "./examples-seed.js";
import type { SeedContext } from "./examples-list.js";

/**
 * Creates builder-deployed perp dex `dex` with `coins` (each "dex:COIN" at oracle price 2, so
 * the Python examples' bids at 1 rest and their IoC at 0.9 misses): registerAsset with a schema
 * (the first asset creates the dex), then setOracle; then moves 1,000 USDC of `trader`'s to the
 * dex (HIP-3 dexes margin separately). Throws when the devnet answers an error or the dex does
 * not show up in perpDexs.
 */
export async function seedHip3Dex(devnet: Devnet, dex: string, coins: string[], trader: KeyedWallet): Promise<void> {
  const deployer = newWallet();
  await postFund(devnet.url, deployer.address, { usdc: "100000", spot: { USDC: "10000", HYPE: "10000" } });
  const client = clientOf(devnet, deployer.wallet);
  for (const [i, coin] of coins.entries()) {
    await client.perpDeploy({
      registerAsset: {
        maxGas: null,
        assetRequest: { coin: `${dex}:${coin}`, szDecimals: 2, oraclePx: "2", marginTableId: 10, onlyIsolated: false },
        dex,
        schema: i === 0 ? { fullName: `${dex} dex`, collateralToken: 0, oracleUpdater: deployer.address.toLowerCase() } : null,
      },
    });
  }
  const pxs = coins.map((c): [string, string] => [`${dex}:${c}`, "2"]).sort(([a], [b]) => (a < b ? -1 : 1));
  await client.perpDeploy({ setOracle: { dex, oraclePxs: pxs, markPxs: [pxs], externalPerpPxs: pxs } });
  const dexs = (await new InfoClient({ transport: new HttpTransport({ url: devnet.url }) }).perpDexs()) as unknown[];
  if (!dexs.some((d) => d !== null && typeof d === "object" && (d as { name?: unknown }).name === dex))
    throw new Error(`perpDeploy was accepted but perpDexs does not list "${dex}" (the devnet does not model perpDeploy)`);
  await clientOf(devnet, trader.wallet).sendAsset({
    destination: trader.address,
    sourceDex: "",
    destinationDex: dex,
    token: "USDC",
    amount: "1000",
    fromSubAccount: "",
  });
}

/**
 * Replica-command files as the node writes them (one JSON block per line, uncompressed) for
 * heights 1 and 10001, with tokenDelegate actions signed by two users plus an unrelated order.
 * Returns the directory and the totals the parser must print.
 */
export async function seedReplicaCmds(ctx: SeedContext): Promise<{ path: string; expected: string }> {
  const dir = await mkdtemp(join(tmpdir(), "hl-replica-"));
  ctx.onClose(() => rm(dir, { recursive: true, force: true }));
  const users = [newWallet(), newWallet()];
  const validator = "0x5ac99df645f3414876c816caa18b2d234024b487";
  const delegations: [number, number, boolean][] = [
    [0, 250_000_000, false],
    [0, 50_000_000, true],
    [1, 100_000_000, false],
  ];
  const signed = [];
  for (const [i, [who, wei, isUndelegate]] of delegations.entries()) {
    const action = {
      type: "tokenDelegate",
      signatureChainId: "0xa4b1",
      hyperliquidChain: hyperliquidChainOf(true),
      validator,
      wei,
      isUndelegate,
      nonce: 1_744_932_112_279 + i,
    };
    const wallet = privateKeyWallet(users[who]!.key);
    signed.push({ action, signature: await signUserSignedActionRaw({ wallet, action }), nonce: action.nonce });
  }
  const order = { action: { type: "order", orders: [], grouping: "na" }, signature: { r: "0x0", s: "0x0", v: 27 }, nonce: 1 };
  const line = (actions: unknown[]): string => JSON.stringify({ abci_block: { signed_action_bundles: [["0xhash", { signed_actions: actions }]] } });
  await writeFile(join(dir, "1"), `${line([signed[0], order])}\n${line([signed[1]])}\n`);
  await writeFile(join(dir, "10001"), `${line([signed[2]])}\n`);
  const expected: Record<string, Record<string, number>> = {
    [users[0]!.address.toLowerCase()]: { [validator]: 2 },
    [users[1]!.address.toLowerCase()]: { [validator]: 1 },
  };
  return { path: dir, expected: JSON.stringify(expected) };
}

/** `hl serve` in this process, in front of the devnet, trading with the example's key. */
export async function startServe({ devnet, main, onClose }: SeedContext): Promise<Record<string, string>> {
  const transport = new HttpTransport({ url: devnet.url });
  const subscriptions = new SubscriptionClient({ url: devnet.wsUrl });
  const token = randomBytes(24).toString("base64url");
  const server = await startServer({
    port: 0,
    info: new InfoClient({ transport }),
    exchange: { wallet: main.wallet, transport, isMainnet: devnet.isMainnet },
    subscriptions,
    token,
    closeGraceMs: 500,
  });
  onClose(async () => {
    await server.close();
    await subscriptions.close();
  });
  return { HL_SERVE_URL: server.url, HL_SERVE_TOKEN: token, HL_SERVE_USER: main.address };
}
