/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Anything else (negative,
 * garbage) is ignored; fractional seconds ("0.2") are accepted, as some proxies send them. Results are capped so a timestamp stays a valid Date and a
 * timer never sees more than 2^31-1 ms (setTimeout fires at once beyond that).
 */

/** Longest Retry-After honoured as given; longer values are reported as this (a year). */
export const MAX_RETRY_AFTER_MS = 365 * 24 * 3600 * 1000;

/** The header's delay in ms from `now`, or undefined when absent or unusable. */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.min(Math.ceil(Number(value) * 1000), MAX_RETRY_AFTER_MS);
  // An HTTP-date starts with a day name ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 850, asctime);
  // the check keeps Date.parse from reading "-5" or "2" as a year.
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  const at = Date.parse(value);
  if (!Number.isFinite(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}
