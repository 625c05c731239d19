/**
 * The docs site as an HTTP handler: `(req, res) => boolean`, true when it answered (a path
 * under /docs), false to let the host server go on. Mounted by `hl docs` on its own server and
 * by `hl serve` with one line. Everything is served from the installed packages and the
 * generated documents, offline:
 *
 *   /docs/               Swagger UI ("Try it out" calls the first server: the devnet)
 *   /docs/redoc          ReDoc
 *   /docs/asyncapi       the WebSocket API (asyncapi.json rendered to HTML)
 *   /docs/openapi.json   the OpenAPI document, its server list led by the devnet URL
 *   /docs/asyncapi.json  the AsyncAPI document
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderAsyncApiHtml } from "./asyncapi-html.js";
import { redocPage, swaggerInit, swaggerPage, type NavLink } from "./pages.js";

export interface DocsOptions {
  /** A devnet (or any API) URL for "Try it out": first in Swagger's server list. Default: env HL_DEVNET_URL. */
  devnetUrl?: string;
  /** Where the site is mounted. Default "/docs". */
  base?: string;
}

/** The parts of node:http and node:http2 requests and responses the handler uses. */
export interface DocsRequest {
  method?: string | undefined;
  url?: string | undefined;
}
export interface DocsResponse {
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body?: string | Buffer): unknown;
}
export type DocsHandler = (req: DocsRequest, res: DocsResponse) => boolean;

type Obj = Record<string, unknown>;

/** The folder of openapi/ (beside src/ in the repo, beside dist/ in the package). */
function documentsDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "openapi/openapi.json")) && existsSync(join(dir, "package.json"))) return join(dir, "openapi");
  }
  throw new Error("openapi/openapi.json not found above the docs handler: is the package complete?");
}

const require = createRequire(import.meta.url);
/** Files of the installed viewer packages, by their served name. */
export const ASSETS: Record<string, () => string> = {
  "swagger-ui.css": () => require.resolve("swagger-ui-dist/swagger-ui.css"),
  "swagger-ui-bundle.js": () => require.resolve("swagger-ui-dist/swagger-ui-bundle.js"),
  "redoc.standalone.js": () => require.resolve("redoc/bundles/redoc.standalone.js"),
};

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".html": "text/html; charset=utf-8",
};
const typeOf = (name: string): string => TYPES[/\.[a-z]+$/.exec(name)?.[0] ?? ""] ?? "application/octet-stream";

/** The OpenAPI document with `devnetUrl` first in its server list (and not repeated below). */
export function withDevnetServer(doc: Obj, devnetUrl: string | undefined): Obj {
  if (!devnetUrl) return doc;
  const url = devnetUrl.replace(/\/+$/, "");
  const others = (doc.servers as { url: string }[]).filter((s) => s.url !== url && !/127\.0\.0\.1|localhost/.test(s.url));
  return { ...doc, servers: [{ url, description: "Devnet (--devnet-url)" }, ...others] };
}

export function createDocsHandler(options: DocsOptions = {}): DocsHandler {
  const base = (options.base ?? "/docs").replace(/\/+$/, "");
  const devnetUrl = options.devnetUrl ?? process.env.HL_DEVNET_URL;
  const cache = new Map<string, { body: Buffer; type: string }>();
  const links: NavLink[] = [
    { href: `${base}/`, text: "Swagger UI" },
    { href: `${base}/redoc`, text: "ReDoc" },
    { href: `${base}/asyncapi`, text: "WebSocket (AsyncAPI)" },
    { href: `${base}/openapi.json`, text: "openapi.json" },
    { href: `${base}/asyncapi.json`, text: "asyncapi.json" },
  ];
  const readDoc = (name: string): Obj => JSON.parse(readFileSync(join(documentsDir(), name), "utf8")) as Obj;
  const pages: Record<string, () => string | Buffer> = {
    "/": () => swaggerPage(links, `${base}/assets/`, `${base}/assets/swagger-init.js`),
    "/index.html": () => pages["/"]!(),
    "/redoc": () => redocPage(links, `${base}/assets/redoc.standalone.js`, `${base}/openapi.json`),
    "/asyncapi": () => renderAsyncApiHtml(readDoc("asyncapi.json"), links),
    "/openapi.json": () => JSON.stringify(withDevnetServer(readDoc("openapi.json"), devnetUrl)),
    "/asyncapi.json": () => readFileSync(join(documentsDir(), "asyncapi.json")),
    "/assets/swagger-init.js": () => swaggerInit(`${base}/openapi.json`),
  };
  for (const [name, path] of Object.entries(ASSETS)) pages[`/assets/${name}`] = () => readFileSync(path());

  const typeOfPage = (path: string): string => (path.includes(".") ? typeOf(path) : TYPES[".html"]!);

  return (req, res) => {
    const path = (req.url ?? "/").split(/[?#]/)[0]!;
    if (path !== base && !path.startsWith(`${base}/`)) return false;
    if (path === base) {
      res.writeHead(302, { location: `${base}/` });
      res.end();
      return true;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
      res.end("Method not allowed");
      return true;
    }
    const sub = path.slice(base.length);
    const make = Object.hasOwn(pages, sub) ? pages[sub] : undefined;
    if (!make) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end(`Not found: ${sub}`);
      return true;
    }
    let entry = cache.get(sub);
    if (!entry) {
      const body = make();
      entry = { body: typeof body === "string" ? Buffer.from(body) : body, type: typeOfPage(sub) };
      cache.set(sub, entry);
    }
    res.writeHead(200, { "content-type": entry.type, "content-length": entry.body.length, "cache-control": "no-cache" });
    res.end(req.method === "HEAD" ? undefined : entry.body);
    return true;
  };
}

let shared: DocsHandler | undefined;
/** The handler `hl serve` mounts (devnet URL from env HL_DEVNET_URL), made at first use. */
export const serveDocs: DocsHandler = (req, res) => (shared ??= createDocsHandler())(req, res);
