/**
 * The HTML pages of the docs site (served at /docs by `hl docs` / `hl serve`, and written as a
 * static site by `npm run docs`): Swagger UI, ReDoc and the AsyncAPI page, each with the same
 * navigation bar. Every script and stylesheet is a local file from the installed packages.
 */
import { escapeHtml } from "./asyncapi-html.js";

export interface NavLink {
  href: string;
  text: string;
}

const NAV_STYLE =
  "nav.hl-docs{font:14px system-ui,sans-serif;background:#1f2328;padding:.5rem 1rem}nav.hl-docs a{color:#fff;margin-right:1.25rem;text-decoration:none}nav.hl-docs a:hover{text-decoration:underline}";

export function navBar(links: NavLink[]): string {
  return `<nav class="hl-docs">${links.map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a>`).join("")}</nav>`;
}

/** Swagger UI: `assets` is the folder of swagger-ui-dist's files, `init` the initializer script. */
export function swaggerPage(links: NavLink[], assets: string, init: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Hyperliquid API · Swagger UI</title>
<link rel="stylesheet" href="${assets}swagger-ui.css">
<style>${NAV_STYLE} body{margin:0}</style>
</head>
<body>
${navBar(links)}
<div id="swagger-ui"></div>
<script src="${assets}swagger-ui-bundle.js"></script>
<script src="${init}"></script>
</body>
</html>
`;
}

/** The initializer of Swagger UI: the document at `specUrl`, deep links, a filter box, Try it out on. */
export function swaggerInit(specUrl: string): string {
  return `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(specUrl)},
  dom_id: "#swagger-ui",
  deepLinking: true,
  filter: true,
  tryItOutEnabled: true,
  displayOperationId: true,
  defaultModelsExpandDepth: 0,
  presets: [SwaggerUIBundle.presets.apis],
});
`;
}

/**
 * ReDoc. `spec` is the document's URL, or the document itself (the static site inlines it so
 * the page works from file:// too, where fetch cannot read a neighbour file).
 */
export function redocPage(links: NavLink[], redocScript: string, spec: string | object): string {
  // "</" is escaped so the inlined JSON cannot close the script element.
  const specArg = typeof spec === "string" ? JSON.stringify(spec) : JSON.stringify(spec).replace(/<\//g, "<\\/");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Hyperliquid API · ReDoc</title>
<style>${NAV_STYLE} body{margin:0}</style>
</head>
<body>
${navBar(links)}
<div id="redoc"></div>
<script src="${redocScript}"></script>
<script>Redoc.init(${specArg}, { expandResponses: "200", jsonSampleExpandLevel: 3, hideDownloadButton: false }, document.getElementById("redoc"));</script>
</body>
</html>
`;
}

/** The landing page of the static site. */
export function indexPage(links: NavLink[]): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>hyperliquid-sdk documentation</title><style>${NAV_STYLE} body{margin:0;font-family:system-ui,sans-serif} main{padding:1rem 2rem}</style></head>
<body>
${navBar(links)}
<main>
<h1>hyperliquid-sdk documentation</h1>
<ul>${links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></li>`).join("")}</ul>
</main>
</body>
</html>
`;
}
