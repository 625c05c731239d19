/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core
 * (no browser download), a fresh profile per launch, no network besides loopback. Missing
 * Chromium: the tests skip with a message, except under CI=true, where they fail (.ci/run
 * installs it).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const chromiumPresent = existsSync(CHROMIUM);
export const skipBrowser = !chromiumPresent && process.env.CI !== "true";
if (!chromiumPresent)
  console.warn(
    `${CHROMIUM} not found: browser tests ${process.env.CI === "true" ? "FAIL (CI=true requires it; .ci/run installs it)" : "are skipped (apt-get install -y chromium)"}.`,
  );

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Screenshots and other artifacts of the browser tests (gitignored). */
export const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url).pathname;

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!chromiumPresent) throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  // A fresh --user-data-dir (playwright passes the profile directory as that flag).
  const profile = mkdtempSync(join(tmpdir(), "hl-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
