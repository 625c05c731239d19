/**
 * `hl serve --guard FILE` with mode = "paper": ExchangeService orders are matched in the server's
 * process on the devnet's engine, fed by the network's l2Book stream (a devnet behind a counting
 * proxy here): they fill as on the devnet, nothing reaches /exchange, fills land in the store.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { AlgoService, AlgoSide } from "../../generated/connect/hl/serve/v1/algos_pb.js";
import { OrderActionSchema } from "../../generated/connect/hl/v1/exchange_order_pb.js";
import { ExchangeService } from "../../generated/connect/hl/v1/exchange_service_pb.js";
import { openGuardStore } from "../../src/guard/store.js";
import { toProto } from "../../src/serve/translate.js";
import { startServeChild } from "../helpers/cli.js"; // importing it rebuilds dist/ for bin/hl.js
import { startCountingProxy, type CountingProxy } from "./proxy.js";

let devnet: Devnet;
let proxy: CountingProxy;
const dir = mkdtempSync(join(tmpdir(), "hl-serve-paper-"));
beforeAll(async () => {
  devnet = await startDevnet({ port: 0 });
  proxy = await startCountingProxy(devnet.url);
});
afterAll(async () => {
  await proxy.close();
  await devnet.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("hl serve --guard (paper)", () => {
  it("fills ExchangeService orders locally from the live book stream and sends nothing", async () => {
    const key = generatePrivateKey();
    const address = privateKeyToAddress(key);
    const tokenFile = join(dir, "token");
    const db = join(dir, "guard.db");
    const config = join(dir, "guard.toml");
    const algoState = join(dir, "algos.db");
    writeFileSync(config, `mode = "paper"\n[store]\npath = ${JSON.stringify(db)}\n[risk]\nallow = ["BTC"]\n`);
    const serve = await startServeChild(
      ["serve", "--network", proxy.url, "--port", "0", "--token-file", tokenFile, "--guard", config, "--algo-state", algoState],
      {
        env: { ...process.env, HL_MODE: "", HL_PRIVATE_KEY: key },
      },
    );
    const { url, output } = serve;
    try {
      expect(output.stdout).toContain(`guard paper (${config})`);
      const token = readFileSync(tokenFile, "utf8").trim();
      const exchange = createClient(ExchangeService, createGrpcTransport({ baseUrl: url }));
      const px = String(Math.round(Number(devnet.engine.midPx("BTC")) * 1.01));
      const order = toProto(OrderActionSchema, {
        type: "order",
        orders: [{ a: 0, b: true, p: px, s: "0.01", r: false, t: { limit: { tif: "Ioc" } } }],
        grouping: "na",
      });
      // The first book snapshot arrives on the stream shortly after start: until then an Ioc finds no liquidity.
      let filled: { totalSz: string; avgPx: string } | undefined;
      for (let i = 0; i < 60 && !filled; i++) {
        const res = await exchange.order(order, { headers: { authorization: `Bearer ${token}` } });
        const status = res.value.case === "ok" ? res.value.value.response?.data?.statuses[0] : undefined;
        const keyed = status?.value.case === "keyed" ? status.value.value.status : undefined;
        if (keyed?.case === "filled") filled = keyed.value;
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(filled?.totalSz).toBe("0.01");
      expect(proxy.exchangeRequests).toBe(0);

      // AlgoService's children match on the same paper venue, and their fills come from it: an
      // iceberg's resting display order fills when the devnet's book moves through it.
      const algos = createClient(AlgoService, createGrpcTransport({ baseUrl: url }));
      const auth = { headers: { authorization: `Bearer ${token}` } };
      const m = Number(devnet.engine.midPx("BTC"));
      const spec = { coin: "BTC", side: AlgoSide.BUY, size: "0.03", displaySize: "0.01", limitPx: String(Math.round(m * 0.995)) };
      await algos.start({ id: "paper-ice", spec: { case: "iceberg", value: spec } }, auth);
      const updates = (async () => {
        let last;
        for await (const u of algos.watch({ id: "paper-ice" }, auth)) last = u.algo;
        return last;
      })();
      await new Promise((r) => setTimeout(r, 300));
      expect((await algos.list({}, auth)).algos.find((a) => a.id === "paper-ice")).toMatchObject({ status: "running", progress: { filled: "0" } });
      devnet.engine.movePrice("BTC", Math.round(m * 0.98));
      expect(await updates).toMatchObject({ id: "paper-ice", status: "done", progress: { filled: "0.03" } });
      expect(proxy.exchangeRequests).toBe(0);
      expect(devnet.engine.existing(address)?.fills.length ?? 0).toBe(0);
      serve.child.kill("SIGTERM");
      expect(await serve.exited, output.stderr).toBe(0);
    } finally {
      serve.stop();
    }
    const store = openGuardStore(db, { readonly: true });
    try {
      expect(store.paperFills().map((f) => f.coin)).toContain("BTC");
      expect(store.auditRows().some((r) => r.operation === "order" && r.mode === "paper" && r.phase === "after" && r.status === "ok")).toBe(true);
      expect(store.verifyChain()).toMatchObject({ ok: true });
    } finally {
      store.close();
    }
  }, 90_000);
});
