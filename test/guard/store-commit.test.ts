/**
 * How the store commits: the "before" row alone (never behind deferred answers), the deferred
 * "after" rows on the next turn of the event loop, and WAL checkpoints in a background thread
 * instead of inside some order's commit.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checksumOf, GENESIS } from "../../src/guard/audit-row.js";
import { openGuardStore, type AuditRow } from "../../src/guard/store.js";

const dir = mkdtempSync(join(tmpdir(), "hl-guard-commit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const before = (nonce: number) => ({ operation: "order", mode: "live", phase: "before" as const, status: "pending" as const, payload: { nonce } });
const after = (ref: number) => ({ operation: "order", mode: "live", phase: "after" as const, status: "ok" as const, ref, response: { status: "ok" } });

describe("commits", () => {
  it("commits a before row at once while earlier after rows wait for the next turn of the event loop", async () => {
    const path = join(dir, "defer.db");
    const store = openGuardStore(path);
    const peek = (): string[] => {
      const other = openGuardStore(path, { readonly: true });
      try {
        // A second connection sees only what is committed (auditRows() of `store` would flush first).
        return (other.database.prepare("SELECT phase FROM audit_log ORDER BY id").all() as { phase: string }[]).map((r) => r.phase);
      } finally {
        other.close();
      }
    };
    const first = store.append(before(1));
    store.deferWrites(() => store.append(after(first)));
    store.append(before(2));
    expect(peek()).toEqual(["before", "before"]);
    await new Promise((r) => setImmediate(r));
    expect(peek()).toEqual(["before", "before", "after"]);
    expect(store.verifyChain()).toEqual({ ok: true, rows: 3 });
    store.close();
  });

  it("a crash with an answer still deferred completes that order as outcome-unknown (conservative)", () => {
    const path = join(dir, "crash-deferred.db");
    const script = `import { openGuardStore } from ${JSON.stringify(new URL("../../src/guard/store.ts", import.meta.url).pathname)};
      const s = openGuardStore(${JSON.stringify(path)});
      const id = s.append(${JSON.stringify(before(1))});
      s.deferWrites(() => s.append({ operation: "order", mode: "live", phase: "after", status: "ok", ref: id, response: { status: "ok" } }));
      s.append(${JSON.stringify(before(2))});
      process.exit(137);`;
    expect(() => execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: "pipe" })).toThrow();
    const store = openGuardStore(path);
    expect(store.recoveredUnknown.map((r) => r.id)).toEqual([1, 2]);
    expect(store.verifyChain()).toEqual({ ok: true, rows: 4 });
    store.close();
  });

  it("never checkpoints inside a commit; a background thread does once the store is busy", async () => {
    const quiet = openGuardStore(join(dir, "quiet.db"));
    expect(quiet.database.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const path = join(dir, "busy.db");
    const store = openGuardStore(path);
    const blob = "x".repeat(4000);
    for (let i = 0; i < 10; i++) store.append({ ...before(i), payload: { blob, i } });
    const initial = statSync(path).size;
    // Ten rows: no thread, nothing moves into the database file however long we wait.
    await new Promise((r) => setTimeout(r, 300));
    expect(statSync(path).size).toBe(initial);
    for (let i = 10; i < 400; i++) store.append({ ...before(i), payload: { blob, i } });
    await expect.poll(() => statSync(path).size, { timeout: 5000, interval: 50 }).toBeGreaterThan(initial + 1_000_000);
    expect(store.verifyChain()).toEqual({ ok: true, rows: 400 });
    store.close();
    quiet.close();
  });
});

describe("checksum", () => {
  it("is SHA-256 over length-prefixed fields: moving text between fields changes it", () => {
    const row = { id: 1, ts: 2, operation: "order", mode: "live", phase: "before", ref: null, status: "pending", payload: "ab", response: null, error: null };
    const a = checksumOf(row, GENESIS);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(checksumOf({ ...row, payload: "a", response: "b" }, GENESIS)).not.toBe(a);
    expect(checksumOf({ ...row, payload: null, response: "ab" }, GENESIS)).not.toBe(a);
    expect(checksumOf(row, "1".repeat(64))).not.toBe(a);
  });

  it("stores written before the current form (SHA-256 of the JSON field array) still verify, and grow in the current form", () => {
    const path = join(dir, "legacy.db");
    const store = openGuardStore(path);
    const event = (i: number) => ({ operation: "mode", mode: "live", phase: "event" as const, status: "event" as const, payload: { i } });
    for (let i = 0; i < 3; i++) store.append(event(i));
    // Rewrite the chain as the earlier code wrote it.
    const db = store.database;
    let prev = GENESIS;
    for (const row of db.prepare("SELECT * FROM audit_log ORDER BY id").all() as AuditRow[]) {
      const fields = [row.id, row.ts, row.operation, row.mode, row.phase, row.ref, row.status, row.payload, row.response, row.error, prev];
      prev = createHash("sha256").update(JSON.stringify(fields)).digest("hex");
      db.prepare("UPDATE audit_log SET checksum = ? WHERE id = ?").run(prev, row.id);
    }
    store.close();
    const again = openGuardStore(path);
    expect(again.verifyChain()).toEqual({ ok: true, rows: 3 });
    again.append(event(3));
    expect(again.verifyChain()).toEqual({ ok: true, rows: 4 });
    again.database.prepare("UPDATE audit_log SET payload = '{}' WHERE id = 2").run();
    expect(again.verifyChain()).toMatchObject({ ok: false, brokenAt: 2 });
    again.close();
  });
});
