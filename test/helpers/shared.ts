/**
 * ../shared (conformance data) is read from tests, never copied. Absent locally → the test
 * skips with a message; absent under CI (CI=true) → the test fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const sharedDir = resolve(projectRoot, "../shared");
export const sharedPresent = existsSync(join(sharedDir, "conformance"));
export const isCI = process.env.CI === "true";

if (!sharedPresent) {
  const msg = `../shared not found at ${sharedDir}: conformance tests ${isCI ? "FAIL (CI=true requires it)" : "are skipped"}.`;
  console.warn(msg);
}

/** `describe.skipIf(skipShared)` — false under CI so the missing files fail loudly. */
export const skipShared = !sharedPresent && !isCI;

export function readShared<T = unknown>(relative: string): T {
  const path = join(sharedDir, relative);
  if (!existsSync(path)) throw new Error(`conformance file missing: ${path} (../shared must sit beside the project; CI=${String(isCI)})`);
  return JSON.parse(readFileSync(path, "utf8")) as T;
}
