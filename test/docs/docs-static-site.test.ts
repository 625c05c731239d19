/**
 * `npm run docs`'s second half (scripts/docs-site.ts) on a stand-in typedoc output: the static
 * site has the ReDoc, Swagger UI and AsyncAPI pages and the viewers' files, and every page,
 * the API reference's included, links to the others with paths relative to itself.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = new URL("../..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "hl-site-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("static docs site", () => {
  it("links the API reference, ReDoc and the AsyncAPI page to each other", async () => {
    mkdirSync(join(out, "api/classes"), { recursive: true });
    writeFileSync(join(out, "api/index.html"), "<html><body><h1>API</h1></body></html>");
    writeFileSync(join(out, "api/classes/InfoClient.html"), '<html><body class="x"><h1>InfoClient</h1></body></html>');
    await run(process.execPath, ["--import", "tsx", join(root, "scripts/docs-site.ts"), out], { cwd: root });
    for (const f of [
      "index.html",
      "redoc.html",
      "swagger.html",
      "asyncapi.html",
      "openapi.json",
      "asyncapi.json",
      "assets/redoc.standalone.js",
      "assets/swagger-ui-bundle.js",
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    const read = (f: string): string => readFileSync(join(out, f), "utf8");
    for (const page of ["index.html", "redoc.html", "asyncapi.html"])
      for (const href of ["api/index.html", "redoc.html", "asyncapi.html"]) expect(read(page), `${page} → ${href}`).toContain(`href="${href}"`);
    expect(read("api/index.html")).toContain('href="../redoc.html"');
    expect(read("api/classes/InfoClient.html")).toContain('href="../../asyncapi.html"');
    expect(read("redoc.html")).toContain('src="assets/redoc.standalone.js"');
    expect(read("redoc.html")).toContain('"/info#l2Book"'); // the document is inlined (works from file://)
    expect(read("redoc.html")).not.toMatch(/src="https?:/);
    // Idempotent: a second run does not add a second navigation bar.
    await run(process.execPath, ["--import", "tsx", join(root, "scripts/docs-site.ts"), out], { cwd: root });
    expect(read("api/index.html").split("<!-- hl-docs-nav -->").length).toBe(2);
  }, 60_000);
});
