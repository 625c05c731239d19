/** The `hl info` contract against a loopback server: coercion by schema, validation, exit codes. */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildRequest } from "../../src/cli/commands/info.js";
import { ValidationError } from "../../src/errors/base.js";
import { runCli } from "../helpers/cli.js";

const USER = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
const BOOK = { coin: "BTC", time: 1, levels: [[{ px: "30000", sz: "1", n: 1 }], [{ px: "30001", sz: "2", n: 1 }]] };
let server: Server;
let url: string;
const seen: unknown[] = [];
let reply: (body: Record<string, unknown>, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", () => {
      const body = JSON.parse(data) as Record<string, unknown>;
      seen.push(body);
      reply(body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);
beforeEach(() => {
  seen.length = 0;
  reply = (body, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body.type === "l2Book" ? BOOK : []));
  };
});

describe("hl info (in process: request building)", () => {
  it("turns values into numbers only where the schema wants a number", () => {
    expect(buildRequest(["fundingHistory", "--coin", "1000", "--startTime", "123", "--endTime=null"]).body).toEqual({
      coin: "1000",
      startTime: 123,
      endTime: null,
      type: "fundingHistory",
    });
    expect(buildRequest(["orderStatus", "--user", USER, "--oid", "42"]).body.oid).toBe(42);
    expect(buildRequest(["orderStatus", "--user", USER, "--oid", `0x${"ab".repeat(16)}`]).body.oid).toBe(`0x${"ab".repeat(16)}`);
    expect(buildRequest(["userFills", "--user", USER, "--aggregateByTime"]).body.aggregateByTime).toBe(true);
    expect(buildRequest(["l2Book", "--coin", "true"]).body.coin).toBe("true");
  });

  it("puts a nested object's flags inside it (candleSnapshot req), or follows a dotted path", () => {
    const { body } = buildRequest(["candleSnapshot", "--coin", "BTC", "--interval", "1h", "--startTime", "1", "--req.endTime", "2"]);
    expect(body).toEqual({ req: { coin: "BTC", interval: "1h", startTime: 1, endTime: 2 }, type: "candleSnapshot" });
    const whole = buildRequest(["--req", JSON.stringify({ type: "userFills", user: USER })]);
    expect(whole.body).toEqual({ type: "userFills", user: USER });
    expect(buildRequest(["candleSnapshot", "--req", '{"coin":"ETH","interval":"1m","startTime":5}']).body.req).toEqual({
      coin: "ETH",
      interval: "1m",
      startTime: 5,
    });
  });

  it("names the field of an invalid request", () => {
    expect(() => buildRequest(["fundingHistory", "--coin", "BTC", "--startTime", "soon"])).toThrow(/--startTime is "soon" — expected a value of type integer/);
    expect(() => buildRequest(["clearinghouseState"])).toThrow(/--user is missing/);
    expect(() => buildRequest(["l2Book", "--coin", "BTC", "--depth", "3"])).toThrow(/--depth/);
    expect(() => buildRequest(["l2bok"])).toThrow(ValidationError);
  });
});

describe("hl info (the real CLI)", () => {
  it("prints the JSON answer and exits 0", async () => {
    const res = await runCli(["info", "l2Book", "--coin", "BTC", "--url", url]);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual(BOOK);
    expect(seen).toEqual([{ coin: "BTC", type: "l2Book" }]);
    const compact = await runCli(["info", "fundingHistory", "--coin", "BTC", "--startTime", "1681923833000", "--url", url, "--compact"]);
    expect(compact.stdout).toBe("[]\n");
    expect(seen[1]).toEqual({ coin: "BTC", startTime: 1681923833000, type: "fundingHistory" });
  });

  it("exits 2 naming the field, sending nothing", async () => {
    const res = await runCli(["info", "userFills", "--user", "0xnope", "--url", url]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--user is "0xnope" — expected a 20-byte hex address/);
    const unknown = await runCli(["info", "l2bok", "--url", url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Did you mean l2Book/);
    expect(seen).toHaveLength(0);
  });

  it("exits 1 on an API error (after retries) and on a network error", async () => {
    reply = (_b, res) => {
      res.writeHead(500);
      res.end("boom");
    };
    const api = await runCli(["info", "allMids", "--url", url, "--retries", "1"]);
    expect(api.code).toBe(1);
    expect(api.stderr).toMatch(/500/);
    expect(seen).toHaveLength(2);
    const down = await runCli(["info", "allMids", "--url", "http://127.0.0.1:1", "--retries", "0"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/Network error/);
  });
});
