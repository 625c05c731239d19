/**
 * A {@link Transport} over WebSocket `post` requests, so the Info and Exchange clients can
 * share the streaming connection. A post lost to a dropped socket fails with
 * WebSocketClosedError, which the ExchangeClient turns into ActionOutcomeUnknownError.
 */
import { ValidationError } from "../errors/base.js";
import type { WebSocketManager } from "./ws/index.js";
import type { Endpoint, Transport, TransportRequestOptions } from "./types.js";

export class WebSocketTransport implements Transport {
  constructor(readonly manager: WebSocketManager) {}

  async request(endpoint: Endpoint, body: unknown, options: TransportRequestOptions = {}): Promise<unknown> {
    const post = { ...(options.timeout !== undefined ? { timeout: options.timeout } : {}), ...(options.signal ? { signal: options.signal } : {}) };
    if (endpoint === "info") return this.manager.postInfo(body as { type: string }, post);
    if (endpoint === "exchange") return this.manager.postAction(body as Record<string, unknown>, post);
    throw new ValidationError("endpoint", [{ path: "endpoint", value: endpoint, expected: '"info" or "exchange" (explorer requests are HTTP only)' }]);
  }
}
