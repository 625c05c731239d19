/**
 * Nonces: per signer, strictly increasing millisecond timestamps. Under concurrency each call
 * takes max(now, last + 1), so 10,000 concurrent calls get 10,000 distinct nonces that stay
 * close to the clock (the exchange accepts nonces within a window around its time).
 */
export class NonceManager {
  /**
   * The process-wide sequence used when a client is given no NonceManager: two clients of one
   * wallet in one process then never hand out the same nonce (each having its own sequence,
   * they collide whenever they sign in the same millisecond).
   */
  static readonly shared: NonceManager = new NonceManager();

  private readonly last = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Next nonce for `signer` (lowercase address). */
  next(signer: string): number {
    const key = signer.toLowerCase();
    const n = Math.max(this.now(), (this.last.get(key) ?? 0) + 1);
    this.last.set(key, n);
    return n;
  }
}
