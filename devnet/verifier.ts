/**
 * ECDSA public-key recovery off the main thread. The devnet's event loop spends about a third
 * of each signed request in secp256k1 recovery; a worker (libsecp256k1 binding, batched
 * messages) does it in parallel while the loop parses, matches and answers. Falls back to
 * recovering inline when the worker or the native binding is unavailable. On by default with 4+
 * cores: on 2 cores the worker competes with the clients for CPU and measured slower
 * (HL_DEVNET_WORKER=1 or 0 forces it).
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { recoverDigestSigner, type Signature } from "../src/index.js";

// Plain CommonJS so it runs without the TypeScript loader. Input per job: digest(32) ‖ r ‖ s (64) ‖ recid(1).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const lib = require(workerData.binding);
parentPort.on("message", ({ id, jobs }) => {
  const n = jobs.length / 97;
  const out = new Uint8Array(n * 65);
  for (let i = 0; i < n; i++) {
    const o = i * 97;
    try {
      out.set(lib.ecdsaRecover(jobs.subarray(o + 32, o + 96), jobs[o + 96], jobs.subarray(o, o + 32), false), i * 65);
    } catch {
      // leaves 65 zero bytes: "does not recover"
    }
  }
  parentPort.postMessage({ id, keys: out }, [out.buffer]);
});
`;

interface Pending {
  resolve: (address: Hex | null) => void;
}

/** Half the secp256k1 group order: the chain accepts only signatures with s at most this. */
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** Low-s check (s <= n/2), as the chain requires; a high-s twin of a valid signature is refused. */
export function isLowS(signature: Signature): boolean {
  return /^0x[0-9a-fA-F]{1,64}$/.test(signature.s) && BigInt(signature.s) <= HALF_N;
}

function pad32(h: string): Uint8Array | null {
  const hex = h.replace(/^0x/, "");
  if (hex.length > 64 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  return hexToBytes(`0x${hex.padStart(64, "0")}`);
}

export class SignerRecovery {
  private worker: Worker | undefined;
  private queue: { job: Uint8Array; pending: Pending }[] = [];
  private inFlight = new Map<number, Pending[]>();
  private nextBatch = 1;
  private scheduled = false;

  constructor(enabled = process.env.HL_DEVNET_WORKER ? process.env.HL_DEVNET_WORKER === "1" : availableParallelism() >= 4) {
    if (!enabled) return;
    try {
      const binding = createRequire(import.meta.url).resolve("secp256k1/bindings");
      this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { binding } });
      this.worker.unref();
      this.worker.on("message", (msg: { id: number; keys: Uint8Array }) => this.settle(msg.id, msg.keys));
      this.worker.on("error", () => this.fallBack());
      this.worker.on("exit", () => this.fallBack());
    } catch {
      this.worker = undefined;
    }
  }

  /** The address that signed `digest`, or null. */
  recover(digest: Uint8Array, signature: Signature): Promise<Hex | null> | Hex | null {
    if (!isLowS(signature)) return null;
    if (!this.worker) return recoverDigestSigner(digest, signature);
    const r = pad32(signature.r);
    const s = pad32(signature.s);
    const recid = signature.v - 27;
    if (!r || !s || (recid !== 0 && recid !== 1)) return null;
    const job = new Uint8Array(97);
    job.set(digest, 0);
    job.set(r, 32);
    job.set(s, 64);
    job[96] = recid;
    return new Promise((resolve) => {
      this.queue.push({ job, pending: { resolve } });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    if (!this.worker) {
      for (const { job, pending } of batch) pending.resolve(recoverInline(job));
      return;
    }
    const jobs = new Uint8Array(batch.length * 97);
    batch.forEach((b, i) => jobs.set(b.job, i * 97));
    const id = this.nextBatch++;
    this.inFlight.set(
      id,
      batch.map((b) => b.pending),
    );
    this.worker.ref();
    this.worker.postMessage({ id, jobs }, [jobs.buffer]);
  }

  private settle(id: number, keys: Uint8Array): void {
    const pendings = this.inFlight.get(id);
    this.inFlight.delete(id);
    if (!this.inFlight.size) this.worker?.unref();
    pendings?.forEach((p, i) => {
      const key = keys.subarray(i * 65, i * 65 + 65);
      p.resolve(key[0] === 4 ? (bytesToHex(keccak_256(key.subarray(1)).subarray(12)) as Hex) : null);
    });
  }

  private fallBack(): void {
    this.worker = undefined;
    for (const [, pendings] of this.inFlight) for (const p of pendings) p.resolve(null);
    this.inFlight.clear();
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

function recoverInline(job: Uint8Array): Hex | null {
  return recoverDigestSigner(job.subarray(0, 32), { r: bytesToHex(job.subarray(32, 64)), s: bytesToHex(job.subarray(64, 96)), v: (job[96]! + 27) as 27 | 28 });
}
