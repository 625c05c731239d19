/**
 * Write-ahead log for `--state`: every accepted state change is appended as one JSON line and
 * fsynced before it is acknowledged, so a kill -9 between snapshots loses nothing that was
 * answered. Appends made while an fsync is running are committed together by the next one
 * (group commit), so throughput does not pay one fsync per request.
 *
 * Files are `<state>.wal.<generation>`. A snapshot rotates to a new generation at the moment
 * it captures state; once the snapshot is renamed into place, older generations are deleted.
 * Every record carries a sequence number and the snapshot stores the last one it includes, so
 * a record is replayed exactly once whatever point a crash interrupts.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync } from "node:fs";
import { open, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { ActionType, Actions } from "../src/index.js";

/** A state change as appended, with the engine time it happened at. */
export type WalEntry = { t: number } & (
  | { k: "x"; u: string; g: string; n: number; a: Actions[ActionType] }
  | { k: "fund"; u: string; usdc?: string; spot?: Record<string, string> }
  | { k: "tick" }
  | { k: "seed"; seed: unknown }
);

/** An entry as stored: the log numbers it. */
export type WalRecord = WalEntry & { s: number };

interface Pending {
  line: string;
  done: () => void;
  fail: (e: unknown) => void;
}

export class WriteAheadLog {
  private seq: number;
  private generation: number;
  private file: FileHandle | undefined;
  private fileGeneration = -1;
  private queue: Pending[] = [];
  private writing = false;
  private closed = false;

  private constructor(
    private readonly statePath: string,
    lastSeq: number,
    lastGeneration: number,
  ) {
    this.seq = lastSeq;
    this.generation = lastGeneration + 1;
  }

  /**
   * Reads every record newer than `afterSeq` (the snapshot's) in order and opens the log for
   * appending. A torn last line (crash mid-write, never acknowledged) ends the replay.
   */
  static open(statePath: string, afterSeq: number): { wal: WriteAheadLog; records: WalRecord[] } {
    const records: WalRecord[] = [];
    let lastSeq = afterSeq;
    const generations = WriteAheadLog.generations(statePath);
    for (const gen of generations) {
      const text = readFileSync(WriteAheadLog.fileOf(statePath, gen), "utf8");
      for (const line of text.split("\n")) {
        if (!line) continue;
        let record: WalRecord;
        try {
          record = JSON.parse(line) as WalRecord;
        } catch {
          break;
        }
        if (record.s > lastSeq) {
          records.push(record);
          lastSeq = record.s;
        }
      }
    }
    return { wal: new WriteAheadLog(statePath, lastSeq, generations.at(-1) ?? 0), records };
  }

  private static fileOf(statePath: string, generation: number): string {
    return `${statePath}.wal.${generation}`;
  }

  private static generations(statePath: string): number[] {
    const prefix = `${basename(statePath)}.wal.`;
    let names: string[];
    try {
      names = readdirSync(dirname(statePath));
    } catch {
      return [];
    }
    return names
      .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
      .map((n) => Number(n.slice(prefix.length)))
      .sort((a, b) => a - b);
  }

  /** The sequence number of the last record appended (what a snapshot taken now includes). */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Appends `entry` now (the caller has just applied it, so log order is apply order) and
   * resolves once it is on disk.
   */
  append(entry: WalEntry): Promise<void> {
    if (this.closed) return Promise.reject(new Error("write-ahead log is closed"));
    const line = `${JSON.stringify({ s: ++this.seq, ...entry })}\n`;
    return new Promise((done, fail) => {
      this.queue.push({ line, done, fail });
      if (!this.writing) void this.drain();
    });
  }

  /**
   * Starts a new generation; called while a snapshot captures state, so everything before
   * belongs to the snapshot. Returns the generations the snapshot makes obsolete.
   */
  rotate(): number {
    return this.generation++;
  }

  /** Deletes generations up to `generation` (after their snapshot is safely renamed). */
  async discardThrough(generation: number): Promise<void> {
    for (const gen of WriteAheadLog.generations(this.statePath))
      if (gen <= generation) await unlink(WriteAheadLog.fileOf(this.statePath, gen)).catch(() => undefined);
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing || this.queue.length) await new Promise((r) => setImmediate(r));
    await this.file?.close();
    this.file = undefined;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue;
        this.queue = [];
        try {
          const file = await this.current();
          await file.write(batch.map((p) => p.line).join(""));
          await file.datasync();
          for (const p of batch) p.done();
        } catch (e) {
          for (const p of batch) p.fail(e);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async current(): Promise<FileHandle> {
    if (this.file && this.fileGeneration === this.generation) return this.file;
    await this.file?.close();
    const path = WriteAheadLog.fileOf(this.statePath, this.generation);
    this.file = await open(path, "a");
    this.fileGeneration = this.generation;
    syncDirectory(dirname(path));
    return this.file;
  }
}

/** Makes a newly created file's directory entry durable too. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(join(dir, "."), "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the file's own fsync still holds.
  }
}
