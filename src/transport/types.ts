/** What the Info/Exchange clients need from a transport: HTTP, WebSocket post or a replay. */
export type Endpoint = "info" | "exchange" | "explorer";

export interface TransportRequestOptions {
  signal?: AbortSignal | undefined;
  /** Deadline of the whole call in ms (retries and waits included). */
  timeout?: number | undefined;
  /** Largest answer accepted in bytes, instead of the transport's cap for this request. */
  maxResponseBytes?: number | undefined;
  /**
   * Turns the response text into its value instead of JSON.parse (HttpTransport honours it;
   * others may ignore it and parse themselves). Returning undefined means "use JSON.parse".
   * InfoClient passes the generated single-pass parser here (generated/ts/parsers.ts).
   */
  parse?: ((text: string) => unknown) | undefined;
}

export interface Transport {
  /** Sends a JSON body to an endpoint and resolves with the parsed JSON response. */
  request(endpoint: Endpoint, body: unknown, options?: TransportRequestOptions): Promise<unknown>;
}
