/** Chaos, HTTP info side: every misbehaviour ends in a typed error by the deadline, in bounded memory. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InfoClient, ResponseValidationError } from "../../src/clients/info.js";
import { ApiError, NetworkError, RateLimitError } from "../../src/errors/api.js";
import { ResponseTooLargeError, TimeoutError } from "../../src/errors/transport.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";
import { parseRetryAfter } from "../../src/transport/http/retry-after.js";
import { HostileHttpServer, json, peakRssGrowth, resetMidBody, truncated } from "./hostile-server.js";

const MiB = 2 ** 20;
let server: HostileHttpServer;
beforeAll(async () => {
  server = await HostileHttpServer.start();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.bytesWritten = 0;
});

/** Runs `call`, returning its error and how long it took. */
async function timed(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const t0 = Date.now();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - t0 };
}

const transport = (options: ConstructorParameters<typeof HttpTransport>[0] extends infer O ? Partial<O> : never = {}) =>
  new HttpTransport({ url: server.url, retry: { attempts: 4, baseMs: 5, capMs: 20 }, ...options });

describe("chaos: Retry-After", () => {
  it("regression: 429 with Retry-After 99999 ends by the deadline", async () => {
    server.behaviour = (res) => json(res, 429, "slow down", { "retry-after": "99999" });
    const before = Date.now();
    // The default 10 s deadline, as in the report (it used to sleep ~28 h).
    const { error, ms } = await timed(() => transport().request("info", { type: "allMids" }));
    expect(error).toBeInstanceOf(RateLimitError);
    const e = error as RateLimitError;
    expect(ms).toBeLessThan(1000); // fails at once: the wait cannot fit in the deadline
    expect(e.retryAfterMs).toBe(99_999_000);
    expect(e.retryAt).toBeGreaterThanOrEqual(before + 99_999_000);
    expect(e.hint).toMatch(/retry after 99999 s \(at \d{4}-\d\d-\d\dT.*later than this call's deadline/);
    expect(server.requests).toHaveLength(1);
  });

  it("regression: Retry-After 9999999999 does not overflow the timer (no instant retry storm)", async () => {
    server.behaviour = (res) => json(res, 429, "slow down", { "retry-after": "9999999999" });
    const { error, ms } = await timed(() => transport({ timeout: 2000, retry: { attempts: 50, baseMs: 1, capMs: 1 } }).request("info", { type: "allMids" }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(ms).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
    expect(Number.isFinite(new Date((error as RateLimitError).retryAt!).getTime())).toBe(true);
  });

  it("regression: a Retry-After HTTP-date is honoured; negative or garbage values fall back to the backoff", async () => {
    const now = Date.parse("Sun, 06 Nov 1994 08:49:37 GMT");
    expect(parseRetryAfter("Sun, 06 Nov 1994 08:49:40 GMT", now)).toBe(3000);
    expect(parseRetryAfter("Sun, 06 Nov 1994 08:49:00 GMT", now)).toBe(0);
    for (const bad of ["-5", "abc", "1e400", "", "  ", "0x10", "NaN"]) expect(parseRetryAfter(bad, now)).toBeUndefined();
    expect(parseRetryAfter("9".repeat(400), now)).toBe(365 * 24 * 3600 * 1000);

    let n = 0;
    server.behaviour = (res) => (++n < 3 ? json(res, 429, "slow", { "retry-after": n === 1 ? "-5" : "garbage" }) : json(res, 200, { BTC: "1" }));
    await expect(transport().request("info", { type: "allMids" })).resolves.toEqual({ BTC: "1" });
    expect(n).toBe(3);

    const later = new Date(Date.now() + 3_600_000).toUTCString();
    server.behaviour = (res) => json(res, 429, "slow", { "retry-after": later });
    const { error, ms } = await timed(() => transport({ timeout: 1500 }).request("info", { type: "allMids" }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(ms).toBeLessThan(1000);
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(3_500_000);
  });

  it("regression: 5xx forever ends by the deadline, retries included", async () => {
    server.behaviour = (res) => json(res, 503, "down");
    const { error, ms } = await timed(() => transport({ timeout: 600, retry: { attempts: 1000, baseMs: 20, capMs: 40 } }).request("info", { type: "allMids" }));
    // Either the last 503 (no time left for another wait) or the deadline hit mid-attempt,
    // naming the 503 before it.
    const last = error instanceof TimeoutError ? error.cause : error;
    expect(last).toBeInstanceOf(ApiError);
    expect((last as ApiError).status).toBe(503);
    expect(ms).toBeLessThan(900);
    expect(server.requests.length).toBeGreaterThan(3);
  });
});

describe("chaos: bodies", () => {
  it("regression: a 200 MB body is capped while streaming and memory stays bounded", async () => {
    server.behaviour = (res) => server.stream(res, 200 * MiB);
    const { error, growth } = await peakRssGrowth(() => transport().request("info", { type: "allMids" }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limitBytes).toBe(8 * MiB);
    expect((error as ResponseTooLargeError).hint).toMatch(/maxResponseBytes/);
    expect(growth).toBeLessThan(64 * MiB);
    // The connection was dropped at the cap: the server could not push the whole body.
    expect(server.bytesWritten).toBeLessThan(100 * MiB);
    console.log(`[chaos] 200 MB body: RSS growth ${(growth / MiB).toFixed(1)} MB, server wrote ${(server.bytesWritten / MiB).toFixed(1)} MB before the drop`);
  });

  it("regression: an announced oversize Content-Length fails before reading; per-type caps and overrides apply", async () => {
    server.behaviour = (res) => server.stream(res, 700 * MiB, { announce: true });
    const { error, growth } = await peakRssGrowth(() => transport().request("info", { type: "meta" }));
    expect(error).toMatchObject({ name: "ResponseTooLargeError", announcedBytes: 700 * MiB, limitBytes: 8 * MiB });
    expect(server.bytesWritten).toBeLessThan(100 * MiB);
    expect(growth).toBeLessThan(64 * MiB);
    // Known-big types get a larger default cap; the transport and the request can change any.
    server.behaviour = (res) => server.stream(res, 12 * MiB, { announce: true });
    await expect(transport().request("info", { type: "userFills", user: "0x" })).rejects.toMatchObject({ name: "ApiError", status: 200 }); // read whole (not JSON)
    await expect(transport({ maxResponseBytes: { infoTypes: { userFills: MiB } } }).request("info", { type: "userFills" })).rejects.toMatchObject({
      limitBytes: MiB,
    });
    await expect(transport().request("info", { type: "meta" }, { maxResponseBytes: 32 * MiB })).rejects.toMatchObject({ name: "ApiError" });
    await expect(transport({ maxResponseBytes: 1000 }).request("exchange", {})).rejects.toMatchObject({ limitBytes: 1000 });
  });

  it("regression: a never-ending body (700 MB held open) is cut at the cap", async () => {
    server.behaviour = (res) => server.stream(res, Infinity);
    const { error, growth } = await peakRssGrowth(() => transport({ timeout: 5000 }).request("info", { type: "allMids" }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(growth).toBeLessThan(64 * MiB);
    console.log(`[chaos] endless body: RSS growth ${(growth / MiB).toFixed(1)} MB, server wrote ${(server.bytesWritten / MiB).toFixed(1)} MB before the drop`);
  });

  it("a dripping body ends by the deadline (total, not per chunk)", async () => {
    server.behaviour = (res) => server.drip(res, 20);
    const { error, ms } = await timed(() => transport({ timeout: 500 }).request("info", { type: "allMids" }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBeGreaterThanOrEqual(480);
    expect(ms).toBeLessThan(900);
    expect(server.bytesWritten).toBeGreaterThan(5);
  });

  it("headers then silence ends by the deadline", async () => {
    server.behaviour = (res) => res.writeHead(200, { "content-type": "application/json" }).flushHeaders();
    const { error, ms } = await timed(() => transport({ timeout: 300 }).request("info", { type: "allMids" }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBeLessThan(700);
  });

  it("truncated bodies and resets mid-body are network errors (retried for info, then given up)", async () => {
    server.behaviour = (res) => truncated(res, 5000, 40);
    const t = await timed(() => transport({ timeout: 2000 }).request("info", { type: "allMids" }));
    expect(t.error).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(4);
    server.requests.length = 0;
    server.behaviour = (res) => resetMidBody(res);
    const r = await timed(() => transport({ timeout: 2000 }).request("info", { type: "allMids" }));
    expect(r.error).toBeInstanceOf(NetworkError);
    expect(r.ms).toBeLessThan(2000);
  });

  it("garbled and wrong-shaped 200s for info are typed errors", async () => {
    server.behaviour = (res) => json(res, 200, '{"BTC":"1",');
    await expect(transport().request("info", { type: "allMids" })).rejects.toMatchObject({ name: "ApiError", status: 200 });
    server.behaviour = (res) => json(res, 200, '["not","mids"]');
    await expect(new InfoClient({ transport: transport(), validation: "strict" }).allMids()).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
