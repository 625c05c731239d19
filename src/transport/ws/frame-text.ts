/** Text helpers of the manager: the subscription a server error names, short frame previews. */
import { subscriptionKey, type Subscription } from "./identifiers.js";

/** Key of the subscription echoed in a server error message, if any. */
export function refusedKey(message: string): string | undefined {
  const json = /\{.*\}/s.exec(message)?.[0];
  if (!json) return undefined;
  try {
    const value = JSON.parse(json) as unknown;
    const sub = (value as { subscription?: unknown }).subscription ?? value;
    return sub && typeof (sub as { type?: unknown }).type === "string" ? subscriptionKey(sub as Subscription) : undefined;
  } catch {
    return undefined;
  }
}

export function preview(value: unknown): string {
  let text: string;
  try {
    text = typeof value === "string" ? value : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
