/**
 * Record/replay in the cassette format of ../shared/conformance/recorded-info:
 * `{"interactions":[{"request":{"method","path","body"},"response":{"status","body"}}]}`.
 * Record against a real transport once; replay in tests with no network at all.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { HyperliquidError } from "../errors/base.js";
import type { Endpoint, Transport, TransportRequestOptions } from "./types.js";

export interface Interaction {
  request: { method: string; path: string; body: unknown };
  response: { status: number; body: unknown };
}

export interface Cassette {
  source?: string;
  interactions: Interaction[];
}

/** Key-sorted JSON, so `{a,b}` and `{b,a}` match. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export class CassetteMissError extends HyperliquidError {
  override name = "CassetteMissError";
  constructor(path: string, body: unknown) {
    super(`No recorded interaction for POST ${path}.`, {
      details: `body ${JSON.stringify(body).slice(0, 200)}`,
      hint: "Record it first with RecordingTransport, or check the request parameters.",
    });
  }
}

/** Answers from a cassette, matching method + path + canonical body; repeated requests in order. */
export class ReplayTransport implements Transport {
  private readonly queues = new Map<string, Interaction[]>();

  constructor(cassette: Cassette | string) {
    const data: Cassette = typeof cassette === "string" ? (JSON.parse(readFileSync(cassette, "utf8")) as Cassette) : cassette;
    for (const it of data.interactions) {
      const key = `${it.request.method} ${it.request.path} ${canonical(it.request.body)}`;
      const q = this.queues.get(key) ?? [];
      q.push(it);
      this.queues.set(key, q);
    }
  }

  async request(endpoint: Endpoint, body: unknown, _options?: TransportRequestOptions): Promise<unknown> {
    const path = `/${endpoint}`;
    const q = this.queues.get(`POST ${path} ${canonical(body)}`);
    if (!q?.length) throw new CassetteMissError(path, body);
    // Keep the last answer for further identical requests.
    const it = q.length > 1 ? q.shift()! : q[0]!;
    return structuredClone(it.response.body);
  }
}

/** Wraps a transport and records every successful interaction. */
export class RecordingTransport implements Transport {
  readonly cassette: Cassette = { interactions: [] };

  constructor(
    private readonly inner: Transport,
    source?: string,
  ) {
    if (source) this.cassette.source = source;
  }

  async request(endpoint: Endpoint, body: unknown, options?: TransportRequestOptions): Promise<unknown> {
    const response = await this.inner.request(endpoint, body, options);
    this.cassette.interactions.push({
      request: { method: "POST", path: `/${endpoint}`, body: structuredClone(body) },
      response: { status: 200, body: structuredClone(response) },
    });
    return response;
  }

  save(file: string): void {
    writeFileSync(file, `${JSON.stringify(this.cassette, null, 2)}\n`);
  }
}
