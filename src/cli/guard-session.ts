/**
 * What the trading commands (`hl order`, `cancel`, `cancel-all`, `positions`, `kill`, `audit`)
 * share: the options `--config --mode --url --json`, the key from HL_PRIVATE_KEY or a keystore
 * (`--keystore FILE`, password from HL_KEYSTORE_PASSWORD or `--password-file`), and one
 * guarded ExchangeClient, so every action of the CLI passes the same pipeline as the SDK's:
 * mode → kill switch → risk rules → audit (before) → sign → send → audit (after) → state update.
 * Every line printed (and every error) starts with the mode and network.
 */
import { existsSync } from "node:fs";
import { ExchangeClient } from "../clients/exchange.js";
import { InfoClient } from "../clients/info.js";
import { MetadataCache } from "../clients/metadata.js";
import { ValidationError } from "../errors/base.js";
import { GUARD_MODES, GuardError, RiskLimitError, type GuardMode } from "../errors/guard.js";
import { AccountState } from "../guard/account.js";
import { loadGuardConfig, parseGuardConfig, type GuardConfig } from "../guard/config.js";
import { attachKillSwitch, type CancelAccount } from "../guard/killswitch.js";
import { GuardRails, modeFrom, type PaperVenue } from "../guard/pipeline.js";
import { openGuardStore, type GuardStore } from "../guard/store.js";
import { KeySourceError, loadServeWallet } from "../signing/key-source.js";
import { privateKeyWallet, type HlWallet } from "../signing/wallet.js";
import { HttpTransport } from "../transport/http/http-transport.js";
import { network, type Network } from "../transport/networks.js";
import { redact, UsageError, type OptionSpec } from "./args.js";
import { openPaperSession, type PaperSession } from "./paper.js";

export const SESSION_OPTIONS = {
  config: {
    type: "string",
    value: "FILE",
    description: "guard-rail config (TOML: mode, store, risk limits)",
    defaultText: "built-in defaults, store hl-state.db",
  },
  mode: { type: "string", value: "MODE", choices: GUARD_MODES, description: "overrides HL_MODE and the config's mode" },
  url: { type: "string", value: "URL|mainnet|testnet|local", default: "local", description: "exchange API (local = the devnet at http://127.0.0.1:3001)" },
  json: { type: "boolean", description: "print one JSON object instead of text" },
  keystore: {
    type: "string",
    value: "FILE",
    description: "the wallet from an Ethereum v3 keystore JSON file instead of HL_PRIVATE_KEY (password: HL_KEYSTORE_PASSWORD or --password-file)",
  },
  "password-file": { type: "string", value: "FILE", description: "file whose first line is the --keystore password" },
} as const satisfies Record<string, OptionSpec>;

export interface SessionValues {
  config?: string | undefined;
  mode?: string | undefined;
  url: string;
  json?: boolean | undefined;
  keystore?: string | undefined;
  "password-file"?: string | undefined;
}

export interface Session {
  command: string;
  mode: GuardMode;
  network: string;
  net: Network;
  json: boolean;
  config: GuardConfig;
  store: GuardStore;
  info: InfoClient;
  metadata: MetadataCache;
  guard: GuardRails;
  /** Present when HL_PRIVATE_KEY is set (or a --user was given for read-only views). */
  account: AccountState | undefined;
  exchange: ExchangeClient | undefined;
  /** Paper mode: the local venue orders are matched on (load a coin's live book before ordering). */
  paper: PaperSession | undefined;
  /** Whose open orders cancel-all and kill cancel: the paper account in paper mode, else the account. */
  orders: CancelAccount | undefined;
  /** Prints the result: text lines prefixed with the mode, or one JSON object with `mode` and `network`. */
  out(text: string | string[], json: Record<string, unknown>): void;
  close(): void;
}

/** The paper venue of a session that has no account to trade for: every action is refused (PaperModeError). */
const NO_TRADING: PaperVenue = { execute: () => undefined };

/** "local" for the devnet preset and any loopback URL, else the preset's name or "custom". */
function networkLabel(net: Network): string {
  if (net.name !== "custom") return net.name;
  const host = new URL(net.apiUrl).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]" ? "local" : "custom";
}

/** The wallet from --keystore (with its password) or HL_PRIVATE_KEY; no message carries the key. */
async function loadWallet(command: string, values: SessionValues): Promise<HlWallet> {
  if (values.keystore !== undefined) {
    try {
      const wallet = await loadServeWallet({ keystore: values.keystore, ...(values["password-file"] ? { passwordFile: values["password-file"] } : {}) });
      if (wallet) return wallet;
    } catch (e) {
      if (e instanceof KeySourceError) throw new UsageError(`hl ${command}: ${e.shortMessage}`, e.hint ? { hint: e.hint } : {});
      throw e;
    }
  }
  const key = process.env.HL_PRIVATE_KEY;
  if (!key)
    throw new UsageError(`hl ${command}: HL_PRIVATE_KEY is not set`, {
      details: 'allowed: "0x" + 64 hex digits',
      hint: `HL_PRIVATE_KEY=0x… hl ${command} …, or --keystore FILE`,
    });
  try {
    return privateKeyWallet(key);
  } catch {
    throw new UsageError(`hl ${command}: HL_PRIVATE_KEY is not a valid private key`, { details: 'allowed: "0x" + 64 hex digits, a valid secp256k1 scalar' });
  }
}

export function loadConfig(path: string | undefined): { config: GuardConfig; text: string } {
  if (path === undefined) return { config: parseGuardConfig(""), text: "" };
  if (!existsSync(path)) throw new UsageError(`--config ${JSON.stringify(path)}: no such file`, { hint: "see docs/guard-rails.md for the keys" });
  return loadGuardConfig(path);
}

/**
 * Opens the store, the guard and (with a key) the guarded client and the account state.
 * `key`: "required" (actions), "optional" (views that also take --user), "none".
 */
export async function openSession(
  command: string,
  values: SessionValues,
  { key = "required", user }: { key?: "required" | "optional" | "none"; user?: string | undefined } = {},
): Promise<Session> {
  let net: Network;
  try {
    net = network(values.url);
  } catch (e) {
    throw new UsageError(`hl ${command}: --url ${JSON.stringify(values.url)}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
  const { config, text } = loadConfig(values.config);
  const mode = modeFrom({ mode: values.mode as GuardMode | undefined, config });
  const label = networkLabel(net);
  const wallet =
    key === "none" || (key === "optional" && !process.env.HL_PRIVATE_KEY && values.keystore === undefined) ? undefined : await loadWallet(command, values);
  const transport = new HttpTransport({ url: net.apiUrl, retry: { attempts: 1 } });
  const info = new InfoClient({ transport });
  const metadata = new MetadataCache({ info, transport });
  const store = openGuardStore(config.store.path);
  const who = wallet?.address ?? user;
  const account = who ? new AccountState(info, who) : undefined;
  try {
    if (account) await account.refresh();
  } catch (e) {
    store.close();
    throw e;
  }
  let paper: PaperSession | undefined;
  try {
    // Paper mode: the risk rules see the paper account, and orders match on the live books locally.
    if (mode === "paper" && who) paper = await openPaperSession({ info, store, user: who });
  } catch (e) {
    store.close();
    throw e;
  }
  const view = paper?.venue ?? account;
  const guard = new GuardRails({
    mode,
    config,
    ...(text ? { configText: text } : {}),
    store,
    network: label,
    ...(view ? { account: view } : {}),
    // Without a key or user (`hl kill --release`) nothing can be traded: a venue that models nothing.
    ...(mode === "paper" ? { paper: paper?.venue ?? NO_TRADING } : {}),
  });
  const exchange = wallet ? new ExchangeClient({ wallet, transport, isMainnet: net.isMainnet, guard }) : undefined;
  const orders = paper?.venue ?? account;
  if (exchange && orders) attachKillSwitch(guard, exchange, orders);
  const json = values.json === true;
  return {
    command,
    mode,
    network: label,
    net,
    json,
    config,
    store,
    info,
    metadata,
    guard,
    account,
    exchange,
    paper,
    orders,
    out(lines, obj) {
      if (json) process.stdout.write(`${JSON.stringify({ mode, network: label, ...obj })}\n`);
      else for (const line of Array.isArray(lines) ? lines : [lines]) process.stdout.write(`[${mode} ${label}] ${line}\n`);
    },
    close() {
      paper?.close();
      metadata.close();
      store.close();
    },
  };
}

/**
 * Reports an error with the mode in front (guard errors carry it in their details already) and
 * returns the exit status: 2 for usage errors, 1 for refusals and failures. With --json the
 * error is also printed as one JSON object on stdout (a refusal names its rule there).
 */
export function fail(command: string, err: unknown, session?: Pick<Session, "mode" | "network" | "json">): number {
  const text = redact(err instanceof Error ? err.message : String(err));
  const prefix = session ? `hl ${command} [${session.mode} ${session.network}]` : `hl ${command}`;
  process.stderr.write(`${prefix}: ${text.startsWith(`hl ${command}: `) ? text.slice(command.length + 5) : text}\n`);
  if (session?.json) {
    const error: Record<string, unknown> = {
      name: err instanceof Error ? err.name : "Error",
      message: redact(err instanceof Error ? err.message.split("\n")[0]! : String(err)),
    };
    if (err instanceof RiskLimitError) Object.assign(error, { rule: err.rule, value: err.value, limit: err.limit, coin: err.coin });
    process.stdout.write(`${JSON.stringify({ mode: session.mode, network: session.network, error })}\n`);
  }
  // Bad input (an unknown coin, a price off the tick) is a usage error like a bad option.
  return err instanceof UsageError || err instanceof ValidationError ? 2 : 1;
}

/** Runs `body` with a session and always closes it; errors become an exit status via {@link fail}. */
export async function withSession(
  command: string,
  values: SessionValues,
  options: Parameters<typeof openSession>[2],
  body: (s: Session) => Promise<number>,
): Promise<number> {
  let session: Session;
  try {
    session = await openSession(command, values, options);
  } catch (e) {
    return fail(command, e);
  }
  try {
    return await body(session);
  } catch (e) {
    return fail(command, e, session);
  } finally {
    session.close();
  }
}

export const isGuardRefusal = (e: unknown): e is GuardError => e instanceof GuardError;
