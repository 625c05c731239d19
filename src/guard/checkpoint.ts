/**
 * WAL checkpoints off the order path. The store's own connection never checkpoints inside a
 * commit (`wal_autocheckpoint = 0`): a checkpoint copies the WAL into the database file and, with
 * `synchronous = NORMAL`, fsyncs both — milliseconds, which would land on whichever order's
 * "before" commit crossed the threshold. Instead a worker thread with its own connection runs
 * `wal_checkpoint(PASSIVE)` on a timer (PASSIVE never blocks the writer). It starts only once a
 * store has committed enough to need it, so short-lived processes (a CLI command) never pay for a
 * thread; their WAL is checkpointed when the last connection closes.
 */
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";

/** CommonJS run by the worker (eval): open the same file, checkpoint every `everyMs`, stop on a message. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Sqlite = require(workerData.module);
const db = new Sqlite(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 50");
const run = () => { try { db.pragma("wal_checkpoint(PASSIVE)"); } catch { /* busy or closed: the next tick retries */ } };
const timer = setInterval(run, workerData.everyMs);
parentPort.on("message", () => { clearInterval(timer); try { db.close(); } catch {} parentPort.close(); });
`;

export class BackgroundCheckpointer {
  private worker: Worker | undefined;

  constructor(
    private readonly path: string,
    private readonly everyMs = 100,
  ) {}

  get running(): boolean {
    return this.worker !== undefined;
  }

  start(): void {
    if (this.worker || this.path === ":memory:" || this.path === "") return;
    const module = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, path: resolve(this.path), everyMs: this.everyMs } });
    // A failed worker (e.g. the file was removed) only means checkpoints fall back to close().
    this.worker.on("error", () => (this.worker = undefined));
    this.worker.unref();
  }

  stop(): void {
    this.worker?.postMessage("stop");
    this.worker = undefined;
  }
}
