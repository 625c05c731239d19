/** InfoClient over HttpTransport against a loopback server with injected failures. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InfoClient, ResponseValidationError } from "../../src/clients/info.js";
import { ApiError, RateLimitError } from "../../src/errors/api.js";
import { ValidationError } from "../../src/errors/base.js";
import { AbortedError, TimeoutError } from "../../src/errors/transport.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";

type Handler = (body: Record<string, unknown>, res: ServerResponse) => void;
let handler: Handler;
const seen: Record<string, unknown>[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", () => {
      const body = JSON.parse(data) as Record<string, unknown>;
      seen.push({ path: req.url, ...body });
      handler(body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const fast = { retry: { attempts: 3, baseMs: 1, capMs: 5 } };

describe("InfoClient over HTTP", () => {
  it("sends typed requests and validates responses", async () => {
    handler = (_b, res) => json(res, 200, { BTC: "30000.5", ETH: "2000" });
    const info = new InfoClient({ transport: new HttpTransport({ url, ...fast }), validation: "strict" });
    seen.length = 0;
    expect(await info.allMids()).toEqual({ BTC: "30000.5", ETH: "2000" });
    expect(seen[0]).toEqual({ path: "/info", type: "allMids" });
  });

  it("checks responses the single-pass parser declines (pretty-printed) with the validator", async () => {
    const pretty = (body: unknown) => (_b: Record<string, unknown>, res: ServerResponse) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body, null, 2));
    };
    const info = new InfoClient({ transport: new HttpTransport({ url, ...fast }), validation: "strict" });
    handler = pretty({ BTC: "30000.5" });
    expect(await info.allMids()).toEqual({ BTC: "30000.5" });
    handler = pretty({ BTC: "3e4" });
    await expect(info.allMids()).rejects.toBeInstanceOf(ResponseValidationError);
    handler = (_b, res) => json(res, 200, { BTC: "3e4" }); // compact: the parser declines it too
    await expect(info.allMids()).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it("refuses a bad request before sending", async () => {
    const info = new InfoClient({ transport: new HttpTransport({ url, ...fast }) });
    seen.length = 0;
    await expect(info.clearinghouseState({ user: "0xnope" })).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toHaveLength(0);
  });

  it("strict mode throws on a wrong response, warn mode reports it", async () => {
    handler = (_b, res) => json(res, 200, { BTC: 5 });
    await expect(new InfoClient({ transport: new HttpTransport({ url, ...fast }), validation: "strict" }).allMids()).rejects.toBeInstanceOf(
      ResponseValidationError,
    );
    const warned: string[] = [];
    const res = await new InfoClient({
      transport: new HttpTransport({ url, ...fast }),
      validation: "warn",
      onValidationIssues: (_t, i) => warned.push(i[0]!.path),
    }).allMids();
    expect(res).toEqual({ BTC: 5 });
    expect(warned).toEqual(["BTC"]);
  });

  it("retries 429 and 5xx for info, then succeeds", async () => {
    let n = 0;
    handler = (_b, res) => (++n < 3 ? json(res, n === 1 ? 429 : 502, "busy", { "retry-after": "0" }) : json(res, 200, {}));
    await expect(new InfoClient({ transport: new HttpTransport({ url, ...fast }) }).allMids()).resolves.toEqual({});
    expect(n).toBe(3);
  });

  it("gives up with a typed error after the attempts", async () => {
    handler = (_b, res) => json(res, 429, "slow down");
    await expect(new HttpTransport({ url, ...fast }).request("info", { type: "allMids" })).rejects.toBeInstanceOf(RateLimitError);
    handler = (_b, res) => json(res, 500, "boom");
    await expect(new HttpTransport({ url, ...fast }).request("info", { type: "allMids" })).rejects.toMatchObject({ status: 500 });
  });

  it("never retries an exchange request", async () => {
    let n = 0;
    handler = (_b, res) => {
      n++;
      json(res, 502, "bad gateway");
    };
    await expect(new HttpTransport({ url, ...fast }).request("exchange", { action: {} })).rejects.toBeInstanceOf(ApiError);
    expect(n).toBe(1);
  });

  it("times out and aborts with typed errors", async () => {
    handler = (_b, res) => setTimeout(() => json(res, 200, {}), 500);
    await expect(new HttpTransport({ url, timeout: 50, retry: { attempts: 1 } }).request("info", { type: "allMids" })).rejects.toBeInstanceOf(TimeoutError);
    const ctrl = new AbortController();
    const p = new HttpTransport({ url, retry: { attempts: 1 } }).request("info", { type: "allMids" }, { signal: ctrl.signal });
    ctrl.abort();
    await expect(p).rejects.toBeInstanceOf(AbortedError);
  });
});
