/**
 * An undici dispatch handler that collects one response body as text, at most `limit` bytes: an
 * announced Content-Length over the cap fails before reading; otherwise bytes are counted per
 * chunk and the request aborted (the socket dropped) as soon as the count passes the cap.
 * It replaces `request()` + a Readable: the answers are small and read whole, and the stream,
 * its async resource and the per-call AbortSignal cost more than the bytes (bench/order.ts).
 */
import type { Dispatcher } from "undici";
import { ResponseTooLargeError } from "../../errors/transport.js";

export interface CappedResponse {
  statusCode: number;
  /** The Retry-After header, when sent. */
  retryAfter: string | string[] | undefined;
  text: string;
}

/** What a call can abort while a request is in flight. */
export interface Abortable {
  abort(reason: Error): void;
}

export class CappedBody implements Dispatcher.DispatchHandler, Abortable {
  private controller: Dispatcher.DispatchController | undefined;
  private pending: Error | undefined;
  private statusCode = 0;
  private retryAfter: string | string[] | undefined;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private settled = false;

  constructor(
    private readonly limit: number,
    private readonly url: string,
    private readonly resolve: (res: CappedResponse) => void,
    private readonly reject: (e: unknown) => void,
  ) {}

  /** Aborts the request (before or after it reached a socket); undici reports it through onResponseError. */
  abort(reason: Error): void {
    if (this.settled) return;
    if (this.controller) this.controller.abort(reason);
    else this.pending = reason;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.pending) controller.abort(this.pending);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    // 1xx answers precede the real one.
    if (statusCode < 200) return;
    this.statusCode = statusCode;
    this.retryAfter = headers["retry-after"];
    const announced = Number(headers["content-length"]);
    if (Number.isFinite(announced) && announced > this.limit) controller.abort(new ResponseTooLargeError(this.url, this.limit, announced));
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      controller.abort(new ResponseTooLargeError(this.url, this.limit));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    const [only] = this.chunks;
    const text = this.chunks.length === 1 && only ? only.toString("utf8") : Buffer.concat(this.chunks, this.size).toString("utf8");
    this.resolve({ statusCode: this.statusCode, retryAfter: this.retryAfter, text });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}
