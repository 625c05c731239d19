/**
 * `npm run docs`, after typedoc has written the API reference to dist/docs-site/api: completes
 * one static site in dist/docs-site (gitignored), every page linked to the others, offline:
 *
 *   index.html       links to all of it
 *   api/             typedoc's API reference (each page gets the site's navigation bar)
 *   redoc.html       ReDoc over openapi.json (inlined, so it opens from file:// too)
 *   swagger.html     Swagger UI
 *   asyncapi.html    the WebSocket API (asyncapi.json rendered)
 *   openapi.json, asyncapi.json, assets/ (the viewers' files from the installed packages)
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { renderAsyncApiHtml } from "../src/docs/asyncapi-html.js";
import { ASSETS } from "../src/docs/handler.js";
import { indexPage, navBar, redocPage, swaggerInit, swaggerPage, type NavLink } from "../src/docs/pages.js";

const root = new URL("..", import.meta.url).pathname;
const out = resolve(root, process.argv[2] ?? "dist/docs-site");
const api = join(out, "api");
if (!existsSync(join(api, "index.html"))) throw new Error(`${api}/index.html is missing: run typedoc first (npm run docs)`);

/** The site's links as seen from a page `depth` folders below the site root. */
function links(depth: number): NavLink[] {
  const up = "../".repeat(depth);
  return [
    { href: `${up}index.html`, text: "Docs home" },
    { href: `${up}api/index.html`, text: "API reference (TypeScript)" },
    { href: `${up}redoc.html`, text: "HTTP API (ReDoc)" },
    { href: `${up}swagger.html`, text: "HTTP API (Swagger UI)" },
    { href: `${up}asyncapi.html`, text: "WebSocket API (AsyncAPI)" },
    { href: `${up}openapi.json`, text: "openapi.json" },
    { href: `${up}asyncapi.json`, text: "asyncapi.json" },
  ];
}

mkdirSync(join(out, "assets"), { recursive: true });
for (const [name, path] of Object.entries(ASSETS)) copyFileSync(path(), join(out, "assets", name));
const openapi = JSON.parse(readFileSync(join(root, "openapi/openapi.json"), "utf8")) as object;
const asyncapi = JSON.parse(readFileSync(join(root, "openapi/asyncapi.json"), "utf8")) as Record<string, unknown>;
copyFileSync(join(root, "openapi/openapi.json"), join(out, "openapi.json"));
copyFileSync(join(root, "openapi/asyncapi.json"), join(out, "asyncapi.json"));

const pages: Record<string, string> = {
  "index.html": indexPage(links(0)),
  "redoc.html": redocPage(links(0), "assets/redoc.standalone.js", openapi),
  "swagger.html": swaggerPage(links(0), "assets/", "assets/swagger-init.js"),
  "assets/swagger-init.js": swaggerInit("openapi.json"),
  "asyncapi.html": renderAsyncApiHtml(asyncapi, links(0)),
};
for (const [name, text] of Object.entries(pages)) writeFileSync(join(out, name), text);

/** typedoc's pages: the site's navigation bar after <body>, with links relative to the page. */
const MARK = "<!-- hl-docs-nav -->";
const NAV_STYLE =
  "<style>nav.hl-docs{font:14px system-ui,sans-serif;background:#1f2328;padding:.5rem 1rem}nav.hl-docs a{color:#fff;margin-right:1.25rem}</style>";
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}
let patched = 0;
for (const file of walk(api).filter((f) => f.endsWith(".html"))) {
  const html = readFileSync(file, "utf8");
  if (html.includes(MARK)) continue;
  const depth = relative(out, file).split(sep).length - 1;
  const bar = `${MARK}${NAV_STYLE}${navBar(links(depth))}`;
  writeFileSync(
    file,
    html.replace(/<body([^>]*)>/, (m) => `${m}${bar}`),
  );
  patched++;
}
process.stdout.write(`docs site written to ${relative(root, out)}/ (${patched} API reference pages linked)\n`);
