/** What the Info/Exchange clients need from a transport: HTTP, WebSocket post or a replay. */
export type Endpoint = "info" | "exchange" | "explorer";

export interface TransportRequestOptions {
  signal?: AbortSignal | undefined;
  /** Milliseconds. */
  timeout?: number | undefined;
}

export interface Transport {
  /** Sends a JSON body to an endpoint and resolves with the parsed JSON response. */
  request(endpoint: Endpoint, body: unknown, options?: TransportRequestOptions): Promise<unknown>;
}
