/**
 * The docs site over HTTP (no browser): `hl docs`'s server and `hl serve`'s /docs hook answer
 * the pages and the installed viewers' files, offline; the served OpenAPI document leads its
 * server list with the devnet; the devnet answers CORS preflights from loopback pages only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/server.js";
import { InfoClient } from "../../src/clients/info.js";
import { createDocsHandler } from "../../src/docs/handler.js";
import { startDocsServer, type DocsServer } from "../../src/docs/server.js";
import { startServer } from "../../src/serve/server.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";
import { readDoc } from "./openapi-doc.js";

let devnet: Devnet;
let docs: DocsServer;

beforeAll(async () => {
  devnet = await startDevnet({ port: 0, seed: 1 });
  docs = await startDocsServer({ port: 0, devnetUrl: devnet.url });
});
afterAll(async () => {
  await docs?.close();
  await devnet?.close();
});

const get = (path: string, init?: RequestInit): Promise<Response> => fetch(`${docs.url}${path}`, { redirect: "manual", ...init });

describe("docs site", () => {
  it("redirects /docs and / to /docs/, which is Swagger UI from local files", async () => {
    for (const path of ["/docs", "/"]) {
      const res = await get(path);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/docs/");
    }
    const page = await (await get("/docs/")).text();
    expect(page).toContain('<script src="/docs/assets/swagger-ui-bundle.js">');
    expect(page).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"]*\.(js|css)/); // no CDN
    const bundle = await get("/docs/assets/swagger-ui-bundle.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    expect(await (await get("/docs/assets/swagger-init.js")).text()).toContain('"/docs/openapi.json"');
  });

  it("serves ReDoc and the AsyncAPI page, linked to each other", async () => {
    const redoc = await (await get("/docs/redoc")).text();
    expect(redoc).toContain("/docs/assets/redoc.standalone.js");
    expect((await get("/docs/assets/redoc.standalone.js")).status).toBe(200);
    const asyncapi = await (await get("/docs/asyncapi")).text();
    for (const channel of Object.keys(readDoc("asyncapi.json").channels as object)) expect(asyncapi).toContain(`id="channel-${channel}"`);
    for (const page of [redoc, asyncapi]) for (const link of ['href="/docs/"', 'href="/docs/redoc"', 'href="/docs/asyncapi"']) expect(page).toContain(link);
  });

  it("leads the served OpenAPI server list with the devnet URL", async () => {
    const doc = (await (await get("/docs/openapi.json")).json()) as { servers: { url: string }[]; paths: object };
    expect(doc.servers[0]!.url).toBe(devnet.url);
    expect(doc.servers.filter((s) => s.url.includes("127.0.0.1"))).toHaveLength(1);
    expect(Object.keys(doc.paths)).toContain("/info#l2Book");
    expect((await get("/docs/asyncapi.json")).headers.get("content-type")).toBe("application/json");
  });

  it("answers 404 under /docs, 405 for other methods, and leaves other paths to the host", async () => {
    expect((await get("/docs/nope")).status).toBe(404);
    expect((await get("/docs/../package.json")).status).not.toBe(200);
    expect((await get("/docs/", { method: "POST", body: "x" })).status).toBe(405);
    const handler = createDocsHandler();
    const res = { writeHead: () => res, end: () => res };
    expect(handler({ method: "GET", url: "/info" }, res)).toBe(false);
    expect(handler({ method: "GET", url: "/docsx" }, res)).toBe(false);
    expect(handler({ method: "GET", url: "/docs/redoc?x=1" }, res)).toBe(true);
  });

  it("is mounted by hl serve's server at /docs", async () => {
    const server = await startServer({
      port: 0,
      info: new InfoClient({ transport: new HttpTransport({ url: devnet.url }) }),
      token: "t".repeat(32),
      closeGraceMs: 200,
    });
    try {
      const res = await fetch(`${server.url}/docs/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("swagger-ui");
    } finally {
      await server.close();
    }
  });

  it("devnet: CORS for loopback origins only", async () => {
    const preflight = (origin: string): Promise<Response> =>
      fetch(`${devnet.url}/info`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    for (const origin of ["http://127.0.0.1:8080", "http://localhost:5173", "http://localhost"]) {
      const res = await preflight(origin);
      expect(res.status, origin).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(origin);
      expect(res.headers.get("access-control-allow-methods")).toContain("POST");
      expect(res.headers.get("access-control-allow-headers")).toContain("content-type");
    }
    for (const origin of ["http://example.com", "http://127.0.0.1.example.com", "https://localhost:1", "null"]) {
      const res = await preflight(origin);
      expect(res.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
    const post = await fetch(`${devnet.url}/info`, {
      method: "POST",
      headers: { origin: "http://127.0.0.1:8080", "content-type": "application/json" },
      body: JSON.stringify({ type: "l2Book", coin: "BTC" }),
    });
    expect(post.status).toBe(200);
    expect(post.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:8080");
  });
});
