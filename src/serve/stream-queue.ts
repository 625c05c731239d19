/**
 * The queue between push-style producers (the runner's listeners, the SDK's feeds, command
 * answers) and one server stream's generator. Bounded: a client that reads slower than `max`
 * items behind ends its stream with ResourceExhausted instead of growing the server's memory.
 */
import { Code, ConnectError } from "@connectrpc/connect";

export class StreamQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private wake: (() => void) | undefined;
  private ended = false;
  private error: unknown;

  /** `what`: the items' name in the slow-reader error ("events", "updates"). */
  constructor(
    private readonly max: number,
    private readonly what: string,
  ) {}

  push(item: T): void {
    if (this.ended) return;
    if (this.items.length - this.head >= this.max) {
      this.end(new ConnectError(`the client read too slowly: ${this.max} ${this.what} were waiting`, Code.ResourceExhausted));
      return;
    }
    this.items.push(item);
    this.wake?.();
  }

  /** Ends the stream after the queued items: with `error` thrown to the client, or cleanly. */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    this.wake?.();
  }

  async *drain(): AsyncGenerator<T> {
    for (;;) {
      if (this.head < this.items.length) {
        const item = this.items[this.head]!;
        this.items[this.head++] = undefined;
        // Compact now and then, so a long-lived stream's array does not grow without bound.
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        yield item;
        continue;
      }
      if (this.ended) {
        if (this.error !== undefined) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
