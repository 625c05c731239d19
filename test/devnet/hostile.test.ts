/** Regressions from probing the devnet as an attacker would: each test is named after its defect. */
import { request } from "node:http";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { privateKeyWallet, signAction, signUserSignedActionRaw } from "../../src/index.js";
import { rawWs } from "./hostile-raw.js";

const PROTOTYPE_NAMES = ["constructor", "toString", "hasOwnProperty", "__proto__", "valueOf", "isPrototypeOf"];
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

let devnet: Devnet;
beforeAll(async () => {
  devnet = await startDevnet({ port: 0, seed: 21, maxBodyBytes: 64 * 1024 });
});
afterAll(() => devnet.close());

const post = (path: string, body: unknown) =>
  fetch(`${devnet.url}${path}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
const internalErrors = async () => {
  const text = await (await fetch(`${devnet.url}/metrics`)).text();
  return [...text.matchAll(/devnet_requests_total\{[^}]*outcome="internal"[^}]*\} (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
};

describe("devnet under hostile input", () => {
  it("regression: subscribe type 'constructor' does not kill the devnet (nor toString, __proto__… in subscribe, post info, post action)", async () => {
    const ws = await rawWs(devnet.wsUrl);
    for (const name of PROTOTYPE_NAMES) {
      ws.send(
        JSON.stringify({ method: "subscribe", subscription: { type: name } }),
        JSON.stringify({ method: "unsubscribe", subscription: { type: name } }),
        JSON.stringify({ method: "post", id: 1, request: { type: "info", payload: { type: name } } }),
        JSON.stringify({
          method: "post",
          id: 2,
          request: { type: "action", payload: { action: { type: name }, nonce: 1, signature: { r: "0x1", s: "0x1", v: 27 } } },
        }),
        JSON.stringify({ method: "post", id: 3, request: { type: name, payload: {} } }),
        `{"method":"subscribe","subscription":{"type":"${name}","__proto__":{"type":"l2Book"}}}`,
      );
    }
    ws.send('{"method":"ping"}');
    await ws.waitFor((f) => f.includes('{"channel":"pong"}'));
    const errors = ws.frames.filter((f) => f.startsWith('{"channel":"error"'));
    const postErrors = ws.frames.filter((f) => f.startsWith('{"channel":"post"') && f.includes('"type":"error"'));
    expect(errors.length).toBe(PROTOTYPE_NAMES.length * 3);
    expect(postErrors.length).toBe(PROTOTYPE_NAMES.length * 3);
    expect(ws.isClosed()).toBe(false);
    ws.socket.destroy();
    for (const name of PROTOTYPE_NAMES) {
      const info = await post("/info", { type: name });
      expect(info.status).toBe(422);
      expect(await info.text()).toContain("unknown variant");
      const action = await post("/exchange", { action: { type: name }, nonce: Date.now(), signature: { r: "0x1", s: "0x1", v: 27 } });
      expect(action.status).toBe(422);
      expect(await action.text()).toContain("unknown variant");
    }
    expect(await internalErrors()).toBe(0);
    expect(devnet.ws.internalErrors).toBe(0);
  });

  it("regression: a signed convertToMultiSigUser with signers '{' answers an error instead of crashing", async () => {
    const wallet = privateKeyWallet(generatePrivateKey());
    devnet.fund(wallet.address, 10);
    const nonce = Date.now();
    const action = { type: "convertToMultiSigUser", signatureChainId: "0x66eee", hyperliquidChain: "Testnet", signers: "{", nonce };
    const signature = await signUserSignedActionRaw({ wallet, action });
    const res = await post("/exchange", { action, nonce, signature });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "err", response: "Invalid signers: expected JSON {authorizedUsers, threshold} or null." });
    const nonce2 = nonce + 1;
    const wrongShape = { ...action, signers: JSON.stringify({ authorizedUsers: "x", threshold: 1 }), nonce: nonce2 };
    const res2 = await post("/exchange", { action: wrongShape, nonce: nonce2, signature: await signUserSignedActionRaw({ wallet, action: wrongShape }) });
    expect(((await res2.json()) as { response: string }).response).toMatch(/^Invalid signers: authorizedUsers/);
    expect(devnet.engine.existing(wallet.address)?.multiSig).toBeUndefined();
    expect(await internalErrors()).toBe(0);
  });

  it("regression: a high-s signature is refused, as the chain does (its low-s twin is accepted)", async () => {
    const wallet = privateKeyWallet(generatePrivateKey());
    devnet.fund(wallet.address, 1000);
    const signed = await signAction({ wallet, action: { type: "noop" }, nonce: Date.now(), isMainnet: false });
    const s = BigInt(signed.signature.s);
    expect(s <= N / 2n).toBe(true);
    const high = { ...signed.signature, s: `0x${(N - s).toString(16).padStart(64, "0")}`, v: signed.signature.v === 27 ? 28 : 27 };
    const refused = (await (await post("/exchange", { ...signed, signature: high })).json()) as { status: string; response: string };
    expect(refused.status).toBe("err");
    expect(refused.response).toMatch(/^Invalid signature\.$|^User or API Wallet 0x[0-9a-f]{40} does not exist\.$/);
    expect(await (await post("/exchange", signed)).json()).toEqual({ status: "ok", response: { type: "default" } });
  });

  it("regression: reads for an unknown user (activeAssetData, clearinghouseState, WS snapshots) do not create accounts", async () => {
    const before = devnet.engine.accounts.size;
    const stranger = privateKeyWallet(generatePrivateKey()).address;
    const data = (await (await post("/info", { type: "activeAssetData", user: stranger, coin: "BTC" })).json()) as { user: string; availableToTrade: string[] };
    expect(data.user).toBe(stranger.toLowerCase());
    expect(data.availableToTrade).toEqual(["0.0", "0.0"]);
    for (const type of ["clearinghouseState", "spotClearinghouseState", "openOrders", "userFills", "portfolio", "userRateLimit", "webData2"])
      expect((await post("/info", { type, user: stranger })).status).toBe(200);
    const ws = await rawWs(devnet.wsUrl);
    ws.send(
      JSON.stringify({ method: "subscribe", subscription: { type: "activeAssetData", user: stranger, coin: "ETH" } }),
      JSON.stringify({ method: "subscribe", subscription: { type: "webData2", user: stranger } }),
    );
    await ws.waitFor((f) => f.some((x) => x.startsWith('{"channel":"activeAssetData"')) && f.some((x) => x.startsWith('{"channel":"webData2"')));
    ws.socket.destroy();
    expect(devnet.engine.accounts.size).toBe(before);
    expect(devnet.engine.existing(stranger)).toBeUndefined();
  });

  it("regression: fault parameters are validated (delayMs 1e12 was taken as 1 ms) with a 400 naming field, value and range", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ delayMs: 1e12 }, /^delayMs: 1000000000000 is not allowed; expected an integer number of milliseconds from 0 to 60000$/],
      [{ delayMs: -1 }, /^delayMs: -1 /],
      [{ delayMs: 1.5 }, /^delayMs: 1.5 /],
      [{ errorRate: 2 }, /^errorRate: 2 is not allowed; expected a number from 0 to 1$/],
      [{ errorRate: "0.5" }, /^errorRate: "0.5" /],
      [{ status: 200 }, /^status: 200 is not allowed; expected an integer HTTP status from 400 to 599$/],
      [{ status: 450.5 }, /^status: 450.5 /],
      [{ dropWebSockets: "yes" }, /^dropWebSockets: "yes" is not allowed; expected a boolean$/],
      [{ delay: 5 }, /^delay: unknown fault parameter/],
    ];
    for (const [body, text] of cases) {
      const res = await post("/devnet/faults", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(text);
    }
    const ok = await post("/devnet/faults", { delayMs: 60_000, errorRate: 0, status: 503 });
    expect(await ok.json()).toEqual({ status: "ok", faults: { delayMs: 60_000, errorRate: 0, status: 503 } });
    expect((await post("/devnet/faults", {})).status).toBe(200);
    expect((await post("/info", { type: "allMids" })).status).toBe(200);
  });

  it("regression: an oversized body is refused at its Content-Length header, and a streamed one as soon as it passes the cap", async () => {
    const url = new URL(devnet.url);
    // Declares 50 MB, sends 1 KB: the 413 must come without the rest being sent.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: "/info",
          method: "POST",
          headers: { "content-length": String(50 * 1024 * 1024), "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
          req.destroy();
        },
      );
      req.on("error", reject);
      req.write("x".repeat(1024));
    });
    expect(declared).toBe(413);
    // Chunked, no length: the devnet answers 413 and closes while the client is still writing.
    const streamed = await new Promise<{ status: number; written: number }>((resolve, reject) => {
      let written = 0;
      let status = 0;
      const req = request({ host: url.hostname, port: url.port, path: "/info", method: "POST", headers: { "content-type": "application/json" } }, (res) => {
        status = res.statusCode!;
        res.resume();
        res.on("end", () => resolve({ status, written }));
      });
      req.on("error", () => resolve({ status, written }));
      const chunk = "x".repeat(16 * 1024);
      const pump = () => {
        while (!status && written < 50 * 1024 * 1024) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!status) reject(new Error("the devnet read 50 MB without answering"));
      };
      pump();
    });
    expect(streamed.status).toBe(413);
    expect(streamed.written).toBeLessThan(16 * 1024 * 1024);
    expect((await post("/info", { type: "allMids" })).status).toBe(200);
  });
});
