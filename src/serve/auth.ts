/**
 * Bearer tokens of hl serve: made at first start into a 0600 file, compared in constant time.
 * The token is never printed or logged; only the file's path is.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { HyperliquidError } from "../errors/base.js";

/** The token in `path`, made (32 random bytes, hex, mode 0600) when the file does not exist. */
export function loadOrCreateToken(path: string): { token: string; created: boolean } {
  if (existsSync(path)) {
    const token = readFileSync(path, "utf8").trim();
    if (token.length < 16)
      throw new HyperliquidError(`Token file ${path} holds no usable token`, {
        details: "expected at least 16 characters",
        hint: "Delete the file and start again to make a new one.",
      });
    return { token, created: false };
  }
  const token = randomBytes(32).toString("hex");
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600);
  return { token, created: true };
}

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/** Checks `authorization: Bearer <token>` in constant time (digests make the lengths equal). */
export function bearerMatches(header: string | null, token: string): boolean {
  const m = header === null ? null : /^Bearer\s+(\S+)$/i.exec(header.trim());
  const given = m?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}
