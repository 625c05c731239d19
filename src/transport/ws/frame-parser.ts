/**
 * Data frames (`{"channel":C,"data":D}`) parsed and schema-checked in one pass by the
 * generated parser of C's message (generated/ts/parsers.ts). Returns undefined for anything
 * else: control channels, a channel shared by several messages or unknown, a frame that is not
 * compact JSON in that key order, a payload the schema rejects. The caller then takes the
 * generic path (JSON.parse, then the parser's explanation of the payload, see
 * validateSubscriptionMessage), which says what is wrong. So this path changes speed, never
 * results (test/ws/frame-parser.test.ts).
 */
import { subscriptionEndpoints } from "../../../generated/ts/registry.js";
import { parseCheckedAt, parsedEnd } from "../../../generated/ts/parsers.js";
import type { MessageName } from "../../../generated/ts/names.js";

/** A frame the fast path understood; `data` satisfies the schema message of `channel`. */
export interface CheckedFrame {
  channel: string;
  data: unknown;
}

/** Channel -> message, for channels that carry exactly one message type. */
const CHANNEL_MESSAGES: ReadonlyMap<string, MessageName> = (() => {
  const byChannel = new Map<string, Set<MessageName>>();
  const endpoints: readonly { readonly channel?: string; readonly message: MessageName }[] = Object.values(subscriptionEndpoints);
  for (const e of endpoints) {
    if (!e.channel) continue;
    const set = byChannel.get(e.channel) ?? new Set();
    set.add(e.message);
    byChannel.set(e.channel, set);
  }
  return new Map([...byChannel].filter(([, m]) => m.size === 1).map(([c, m]) => [c, [...m][0]!]));
})();

const PREFIX = '{"channel":"';
const DATA = '","data":';

/** Parses and checks a data frame in one pass; undefined when it does not apply (see above). */
export function parseCheckedFrame(text: string): CheckedFrame | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  const end = text.indexOf('"', PREFIX.length);
  if (end < 0 || !text.startsWith(DATA, end)) return undefined;
  const channel = text.slice(PREFIX.length, end);
  const message = CHANNEL_MESSAGES.get(channel);
  if (!message) return undefined;
  const data = parseCheckedAt(message, text, end + DATA.length);
  if (data === undefined || parsedEnd() !== text.length - 1 || text.charCodeAt(text.length - 1) !== 0x7d) return undefined;
  return { channel, data };
}
