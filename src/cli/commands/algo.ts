/**
 * `hl algo twap|iceberg|trail|when|list|cancel|resume`: advanced orders that survive a crash.
 * State lives in the guard store (--state); a killed `hl algo` is continued by `hl algo resume`.
 * Progress: a live bar on a terminal, one JSON line per update otherwise.
 */
import { readFileSync } from "node:fs";
import { AlgoRunner } from "../../algos/runner.js";
import { AlgoStore } from "../../algos/store.js";
import type { AlgoHandle, AlgoUpdate } from "../../algos/handle.js";
import type { ConditionalParams } from "../../algos/conditional.js";
import type { PriceSource, Side } from "../../algos/core.js";
import { ExchangeClient } from "../../clients/exchange.js";
import { InfoClient } from "../../clients/info.js";
import { SubscriptionClient } from "../../clients/subscription.js";
import { loadGuardConfig } from "../../guard/config.js";
import { GuardRails } from "../../guard/pipeline.js";
import { privateKeyWallet } from "../../signing/wallet.js";
import { HttpTransport } from "../../transport/http/http-transport.js";
import { network, wsUrlOf } from "../../transport/networks.js";
import { report, runCommand, UsageError, type CommandSpec, type Values as OptionValues } from "../args.js";

const ACTIONS = ["twap", "iceberg", "trail", "when", "list", "cancel", "resume"] as const;

export const spec = {
  name: "algo",
  summary: "TWAP, iceberg, trailing stop and conditional orders that survive a crash (state in --state).",
  positionals: `<${ACTIONS.join("|")}> [ID]`,
  description:
    "Signs with HL_PRIVATE_KEY (HL_ACCOUNT_ADDRESS when it is an agent's). Every child order passes the guard rails (--config TOML, HL_MODE) and is audited in the --state store. Ctrl-C stops the runner and keeps the state: `hl algo resume` continues it; `hl algo cancel ID` (from any shell) cancels.",
  options: {
    state: { type: "string", value: "FILE", default: "hl-state.db", description: "the SQLite store (guard audit log, order_state, algo_state)" },
    network: { type: "string", value: "NAME", default: "local", description: "mainnet, testnet, local or an http(s) URL" },
    url: { type: "string", value: "http://…", description: "API URL (overrides --network)" },
    config: { type: "string", value: "FILE", description: "guard-rails TOML (risk limits, mode)" },
    id: { type: "string", value: "ID", description: "the new algorithm's id (default: generated)" },
    coin: { type: "string", value: "COIN", description: "market, e.g. ETH or PURR/USDC" },
    side: { type: "string", value: "buy|sell", choices: ["buy", "sell"], description: "order side (trail: the side of the stop order)" },
    size: { type: "string", value: "SZ", description: "total size in coins" },
    duration: { type: "string", value: "DUR", description: "twap: total duration (90s, 10m, 1h)" },
    interval: { type: "string", value: "DUR", description: "twap: slice interval" },
    randomize: { type: "string", value: "F", description: "twap interval / iceberg display randomisation (0..0.9)" },
    "min-slice": { type: "string", value: "SZ", description: "twap: smallest slice" },
    "max-slice": { type: "string", value: "SZ", description: "twap: largest slice" },
    "price-limit": { type: "string", value: "PX", description: "twap: never buy above / sell below" },
    "no-catch-up": { type: "boolean", description: "twap: do not grow slices after a shortfall" },
    participation: { type: "string", value: "F", description: "twap: at most this fraction of traded volume" },
    native: { type: "boolean", description: "twap: the exchange's own TWAP (--duration in whole minutes, 5..1440)" },
    display: { type: "string", value: "SZ", description: "iceberg: shown size" },
    price: { type: "string", value: "PX", description: "iceberg: limit price" },
    "post-only": { type: "boolean", description: "iceberg: Alo display orders" },
    percent: { type: "string", value: "PCT", description: "trail: trail by this percent of the best price" },
    amount: { type: "string", value: "PX", description: "trail: trail by this price distance" },
    activation: { type: "string", value: "PX", description: "trail: start trailing at this price" },
    source: { type: "string", value: "mark|mid|last", choices: ["mark", "mid", "last"], description: "trail: price source", defaultText: "mark" },
    "limit-offset": { type: "string", value: "F", description: "trail: fire a limit order at stop × (1 ∓ F) instead of a market order" },
    rules: { type: "string", value: "FILE|JSON", description: "when: the conditional's {coin, orders, start, rules} (docs/algos.md)" },
  },
  examples: [
    "HL_PRIVATE_KEY=0x… hl algo twap --coin ETH --side buy --size 2 --duration 10m --interval 20s --randomize 0.2",
    "HL_PRIVATE_KEY=0x… hl algo iceberg --coin BTC --side sell --size 1 --display 0.05 --price 98000",
    "HL_PRIVATE_KEY=0x… hl algo trail --coin ETH --side sell --size 0.5 --percent 1.5 --activation 3800",
    "HL_PRIVATE_KEY=0x… hl algo when --rules bracket.json",
    "hl algo list --state hl-state.db",
    "hl algo cancel twap-m3k2-ab12cd",
    "HL_PRIVATE_KEY=0x… hl algo resume",
  ],
} satisfies CommandSpec;

type Values = OptionValues<typeof spec.options>;

/** "90s", "10m", "1h", "500ms" or plain milliseconds. */
export function parseDuration(text: string | undefined, option: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text ?? "");
  if (!m)
    throw new UsageError(
      `hl algo: --${option} ${text === undefined ? "is required" : `is ${JSON.stringify(text)}`}: expected a duration such as 500ms, 90s, 10m or 1h`,
    );
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "ms") as "ms"];
}

function num(values: Values, option: keyof Values): number | undefined {
  const v = values[option];
  if (v === undefined || typeof v !== "string") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`hl algo: --${String(option)} is ${JSON.stringify(v)}: expected a number`);
  return n;
}

function need<T>(value: T | undefined, option: string, what: string): T {
  if (value === undefined) throw new UsageError(`hl algo: --${option} is required: expected ${what}`);
  return value;
}

async function openRunner(values: Values, store: AlgoStore): Promise<{ runner: AlgoRunner; close: () => Promise<void> }> {
  const key = process.env.HL_PRIVATE_KEY;
  if (!key) throw new UsageError("hl algo: HL_PRIVATE_KEY is not set: expected the 0x-prefixed private key that signs the child orders");
  const wallet = privateKeyWallet(key);
  const net = network(values.url ?? values.network);
  const transport = new HttpTransport({ url: net.apiUrl });
  const info = new InfoClient({ transport });
  const loaded = values.config ? loadGuardConfig(values.config) : undefined;
  const guard = new GuardRails({ store: store.guardStore, network: net.name, ...(loaded ? { config: loaded.config } : {}) });
  const exchange = new ExchangeClient({ wallet, transport, isMainnet: net.isMainnet, guard });
  const subscriptions = new SubscriptionClient({ url: values.url ? wsUrlOf(values.url) : net.wsUrl });
  const user = process.env.HL_ACCOUNT_ADDRESS || wallet.address;
  const runner = new AlgoRunner({
    exchange,
    info,
    user,
    store,
    subscriptions,
    onError: (id, e) => process.stderr.write(`hl algo ${id}: ${e instanceof Error ? e.message : String(e)}\n`),
  });
  return {
    runner,
    close: async () => {
      await runner.stop();
      await subscriptions.close();
    },
  };
}

async function launch(action: string, values: Values, runner: AlgoRunner): Promise<AlgoHandle> {
  const options = values.id ? { id: values.id } : {};
  if (action === "when") {
    const text = need(values.rules, "rules", "a JSON file or inline JSON of {coin, orders, start, rules}");
    const params = JSON.parse(text.trimStart().startsWith("{") ? text : readFileSync(text, "utf8")) as ConditionalParams;
    return runner.when(params, options);
  }
  const coin = need(values.coin, "coin", "a coin such as ETH");
  const side = need(values.side, "side", "buy or sell") as Side;
  const size = need(values.size, "size", "a size in coins");
  if (action === "twap" && values.native)
    return runner.nativeTwap(
      { coin, side, size, minutes: parseDuration(values.duration, "duration") / 60_000, randomize: values.randomize !== undefined },
      options,
    );
  if (action === "twap") {
    const optional = {
      randomize: num(values, "randomize"),
      minSlice: values["min-slice"],
      maxSlice: values["max-slice"],
      priceLimit: num(values, "price-limit"),
      participation: num(values, "participation"),
    };
    const defined = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined));
    return runner.twap(
      {
        coin,
        side,
        size,
        durationMs: parseDuration(values.duration, "duration"),
        intervalMs: parseDuration(values.interval, "interval"),
        catchUp: !values["no-catch-up"],
        ...defined,
      },
      options,
    );
  }
  if (action === "iceberg") {
    const r = num(values, "randomize");
    return runner.iceberg(
      {
        coin,
        side,
        size,
        displaySize: need(values.display, "display", "the shown size"),
        limitPx: need(num(values, "price"), "price", "a limit price"),
        tif: values["post-only"] ? "Alo" : "Gtc",
        ...(r !== undefined ? { randomizeDisplay: r } : {}),
      },
      options,
    );
  }
  const percent = num(values, "percent");
  const amount = num(values, "amount");
  const activation = num(values, "activation");
  const offset = num(values, "limit-offset");
  return runner.trailingStop(
    {
      coin,
      side,
      size,
      ...(percent !== undefined ? { trailPercent: percent / 100 } : {}),
      ...(amount !== undefined ? { trailAmount: amount } : {}),
      ...(activation !== undefined ? { activationPx: activation } : {}),
      source: (values.source ?? "mark") as PriceSource,
      ...(offset !== undefined ? { execution: "limit", limitOffset: offset } : {}),
    },
    options,
  );
}

function bar(u: AlgoUpdate): string {
  const width = 30;
  const full = Math.round(u.progress.fraction * width);
  const state = u.paused ? "paused" : u.status;
  return `\r${u.id} [${"#".repeat(full)}${".".repeat(width - full)}] ${(u.progress.fraction * 100).toFixed(1).padStart(5)}% ${u.progress.filled}/${u.progress.target} ${state}   `;
}

/** Follows the handles until they end (or Ctrl-C: state kept for `hl algo resume`). */
async function follow(handles: AlgoHandle[]): Promise<number> {
  const tty = process.stdout.isTTY === true;
  for (const h of handles)
    h.on((u) => {
      if (tty) process.stdout.write(bar(u));
      else process.stdout.write(`${JSON.stringify(u)}\n`);
    });
  const interrupted = new Promise<"interrupted">((r) => process.once("SIGINT", () => r("interrupted")));
  const outcome = await Promise.race([Promise.all(handles.map((h) => h.done)), interrupted]);
  if (tty) process.stdout.write("\n");
  if (outcome === "interrupted") {
    process.stderr.write("hl algo: stopped; the state is kept: `hl algo resume` continues\n");
    return 130;
  }
  const final = handles.map((h) => ({ id: h.id, status: h.status, filled: h.progress.filled, target: h.progress.target, reason: h.state.reason }));
  if (!tty) process.stdout.write(`${JSON.stringify({ finished: final })}\n`);
  else for (const f of final) process.stdout.write(`${f.id}: ${f.status} (${f.filled}/${f.target})${f.reason ? ` — ${f.reason}` : ""}\n`);
  return final.every((f) => f.status === "done") ? 0 : 1;
}

export function run(argv: string[]): Promise<number> {
  return runCommand(
    spec,
    argv,
    async ({ values, positionals }) => {
      const [action, id] = positionals;
      if (!action || !(ACTIONS as readonly string[]).includes(action))
        return report(new UsageError(`hl algo: ${action ? `unknown action "${action}"` : "missing <action>"}`, { details: `one of: ${ACTIONS.join(", ")}` }));
      const store = AlgoStore.open(values.state);
      try {
        if (action === "list") {
          for (const row of store.list()) {
            const s = store.load(row.id)!;
            process.stdout.write(`${JSON.stringify({ ...row, coin: s.market.coin, reason: s.reason })}\n`);
          }
          return 0;
        }
        if (action === "cancel") {
          if (!id) return report(new UsageError("hl algo cancel: missing ID", { details: "`hl algo list` shows the ids" }));
          if (!store.requestCancel(id)) return report(new UsageError(`hl algo cancel: no running algorithm ${JSON.stringify(id)} in ${values.state}`));
          process.stdout.write(`${JSON.stringify({ id, cancel: "requested" })}\n`);
          return 0;
        }
        const { runner, close } = await openRunner(values, store);
        try {
          const handles = await runner.start();
          if (action !== "resume") handles.push(await launch(action, values, runner));
          if (handles.length === 0) {
            process.stderr.write(`hl algo resume: nothing running in ${values.state}\n`);
            return 0;
          }
          return await follow(handles.filter((h) => h.status === "running" || action !== "resume"));
        } finally {
          await close();
        }
      } catch (e) {
        return report(e);
      } finally {
        store.close();
      }
    },
    { maxPositionals: 2 },
  );
}
