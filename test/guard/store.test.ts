/** The store: hash chain (edit, delete, swap detected), redaction, crash recovery, kill state. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generatePrivateKey } from "viem/accounts";
import { openGuardStore, type GuardStore } from "../../src/guard/store.js";

const dir = mkdtempSync(join(tmpdir(), "hl-guard-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): { store: GuardStore; path: string } => {
  const path = join(dir, `s${n++}.db`);
  return { store: openGuardStore(path), path };
};

function fill(store: GuardStore, rows = 5): void {
  for (let i = 0; i < rows; i++) store.append({ operation: "order", mode: "live", phase: "event", status: "event", payload: { i } });
}

describe("audit chain", () => {
  it("holds for untouched rows and uses WAL", () => {
    const { store } = fresh();
    fill(store);
    expect(store.verifyChain()).toEqual({ ok: true, rows: 5 });
    expect(store.database.pragma("journal_mode", { simple: true })).toBe("wal");
    store.close();
  });

  it("survives reopening (the chain continues from the stored head)", () => {
    const { store, path } = fresh();
    fill(store, 3);
    store.close();
    const again = openGuardStore(path);
    fill(again, 2);
    expect(again.verifyChain()).toEqual({ ok: true, rows: 5 });
    again.close();
  });

  it("names an edited row", () => {
    const { store } = fresh();
    fill(store);
    store.database.prepare("UPDATE audit_log SET payload = ? WHERE id = 3").run(JSON.stringify({ i: 99 }));
    const check = store.verifyChain();
    expect(check).toMatchObject({ ok: false, brokenAt: 3, rows: 2 });
    store.close();
  });

  it("names the row after a deleted one", () => {
    const { store } = fresh();
    fill(store);
    store.database.prepare("DELETE FROM audit_log WHERE id = 2").run();
    expect(store.verifyChain()).toMatchObject({ ok: false, brokenAt: 3 });
    store.close();
  });

  it("detects two rows swapped (contents exchanged, checksums included)", () => {
    const { store } = fresh();
    fill(store);
    const db = store.database;
    const [a, b] = [
      db.prepare("SELECT * FROM audit_log WHERE id = 2").get() as Record<string, unknown>,
      db.prepare("SELECT * FROM audit_log WHERE id = 4").get() as Record<string, unknown>,
    ];
    const put = db.prepare("UPDATE audit_log SET ts = @ts, payload = @payload, checksum = @checksum WHERE id = @id");
    put.run({ ...b, id: 2 });
    put.run({ ...a, id: 4 });
    expect(store.verifyChain()).toMatchObject({ ok: false, brokenAt: 2 });
    store.close();
  });

  it("stores no private key, but keeps the payload's signature", () => {
    const { store } = fresh();
    const key = generatePrivateKey();
    const r = `0x${"ab".repeat(32)}`;
    store.append({
      operation: "order",
      mode: "live",
      phase: "before",
      status: "pending",
      payload: { action: { type: "order", note: key }, nonce: 1, signature: { r, s: r, v: 27 } },
    });
    store.append({ operation: "order", mode: "live", phase: "after", ref: 1, status: "exchange-error", error: new Error(`bad ${key}`) });
    const dump = JSON.stringify(store.auditRows());
    expect(dump).not.toContain(key.slice(2));
    expect(JSON.parse(store.auditRows()[0]!.payload!).signature).toEqual({ r, s: r, v: 27 });
    store.close();
  });
});

describe("crash between send and answer", () => {
  it("leaves a pending row that the next open completes as outcome-unknown", () => {
    const path = join(dir, "crash.db");
    // A real process that writes the "before" row and dies before any answer.
    const script = `import { openGuardStore } from ${JSON.stringify(new URL("../../src/guard/store.ts", import.meta.url).pathname)};
      const s = openGuardStore(${JSON.stringify(path)});
      s.append({ operation: "order", mode: "live", phase: "before", status: "pending", payload: { nonce: 7 } });
      process.exit(137);`;
    expect(() => execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: "pipe" })).toThrow();
    const store = openGuardStore(path);
    expect(store.recoveredUnknown.map((r) => r.id)).toEqual([1]);
    const rows = store.auditRows();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ phase: "after", ref: 1, status: "outcome-unknown" });
    expect(store.verifyChain()).toEqual({ ok: true, rows: 2 });
    store.close();
    // Recovered once: reopening adds nothing.
    const again = openGuardStore(path);
    expect(again.recoveredUnknown).toEqual([]);
    again.close();
  });
});

describe("state", () => {
  it("keeps the kill switch and config versions across reopen", () => {
    const { store, path } = fresh();
    expect(store.killState().tripped).toBe(false);
    store.setStateValue("kill_switch", { tripped: true, reason: "test", at: 1 });
    store.addConfigVersion('mode = "live"', "loaded");
    store.recordOrder({ oid: "5", symbol: "BTC", type: "limit", side: "buy", price: "1", quantity: "2", filled: "0", status: "open" });
    store.close();
    const again = openGuardStore(path);
    expect(again.killState()).toEqual({ tripped: true, reason: "test", at: 1 });
    expect(again.configVersions().map((v) => v.reason)).toEqual(["loaded"]);
    expect(again.orders("open").map((o) => o.oid)).toEqual(["5"]);
    again.close();
  });
});
