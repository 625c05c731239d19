/**
 * The docs site in a real browser: Swagger UI at /docs/ finds l2Book and runs "Try it out"
 * against a devnet started here (a CORS call from the docs origin) and shows a 200 with book
 * levels; ReDoc shows every tag; the AsyncAPI page shows every channel. Screenshots go to
 * test-artifacts/.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/server.js";
import { startDocsServer, type DocsServer } from "../../src/docs/server.js";
import { readDoc } from "../docs/openapi-doc.js";
import { ARTIFACTS, chromiumPresent, launchChromium, skipBrowser, type Browser } from "./chromium.js";

const TIMEOUT = 120_000;

describe.skipIf(skipBrowser)("docs site in Chromium", () => {
  let devnet: Devnet;
  let docs: DocsServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!chromiumPresent) throw new Error("CI=true and /usr/bin/chromium is missing: .ci/run should have installed it");
    devnet = await startDevnet({ port: 0, seed: 1 });
    docs = await startDocsServer({ port: 0, devnetUrl: devnet.url });
    browser = await launchChromium();
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await docs?.close();
    await devnet?.close();
  });

  it(
    "Swagger UI: l2Book, Try it out against the devnet, 200 with book levels",
    async () => {
      const page = await browser.context.newPage();
      const failed: string[] = [];
      page.on("requestfailed", (r) => failed.push(r.url()));
      await page.goto(`${docs.url}/docs/`);
      // Find it as a reader would: the filter box ("Filter by tag or path").
      const filter = page.locator("input.operation-filter-input");
      await filter.waitFor({ timeout: 60_000 });
      await filter.fill("l2Book");
      const op = page.locator("#operations-info-infoL2Book");
      await op.waitFor({ timeout: 60_000 });
      await op.locator(".opblock-summary").first().click();
      // The devnet leads the server list.
      await expect.poll(() => page.locator(".servers select").first().inputValue()).toBe(devnet.url);
      const tryIt = op.locator("button.try-out__btn");
      if ((await tryIt.count()) && /try it out/i.test(await tryIt.innerText())) await tryIt.click();
      await op.locator("button.execute").click();
      const status = op.locator(".live-responses-table .response .response-col_status").first();
      await status.waitFor({ timeout: 30_000 });
      await op.screenshot({ path: join(ARTIFACTS, "swagger-l2book.png") });
      expect((await status.innerText()).trim()).toBe("200");
      const body = JSON.parse(await op.locator(".live-responses-table .response-col_description pre").first().innerText()) as {
        coin: string;
        levels: { px: string; sz: string; n: number }[][];
      };
      expect(body.coin).toBe("BTC");
      expect(body.levels).toHaveLength(2);
      expect(body.levels[0]!.length + body.levels[1]!.length).toBeGreaterThan(0);
      expect(failed).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, "swagger.png") });
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "ReDoc shows every tag",
    async () => {
      const page = await browser.context.newPage();
      await page.goto(`${docs.url}/docs/redoc`);
      const menu = page.locator(".menu-content");
      await menu.waitFor({ timeout: 90_000 });
      const tags = (readDoc("openapi.json").tags as { name: string }[]).map((t) => t.name);
      expect(tags.length).toBe(6);
      const labels = (await menu.locator("label").allInnerTexts()).map((t) => t.trim().toLowerCase());
      for (const tag of tags) expect(labels, tag).toContain(tag);
      // The signing schemes, with their worked examples, are a section of their own.
      const l1 = page.locator('[id="section/Authentication/l1Action"]');
      await l1.waitFor({ state: "attached", timeout: 30_000 });
      expect(await l1.locator("xpath=..").innerText()).toMatch(/phantom agent[\s\S]*connectionId/);
      await page.screenshot({ path: join(ARTIFACTS, "redoc.png") });
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "the AsyncAPI page shows every channel",
    async () => {
      const page = await browser.context.newPage();
      await page.goto(`${docs.url}/docs/asyncapi`);
      const channels = Object.keys(readDoc("asyncapi.json").channels as object);
      expect(await page.locator("section.channel").count()).toBe(channels.length);
      await expect.poll(() => page.locator("#channel-l2Book pre").first().innerText()).toContain('"method": "subscribe"');
      await page.screenshot({ path: join(ARTIFACTS, "asyncapi.png") });
      await page.close();
    },
    TIMEOUT,
  );
});
