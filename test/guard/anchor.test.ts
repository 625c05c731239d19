/**
 * The external anchor for the audit chain's head: a cut-off tail and a chain rebuilt after an
 * edit both pass the chain check alone and fail against an anchor taken before; `hl audit
 * anchor` writes one and `hl audit verify --anchor FILE` exits 1 naming FILE.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AuditAnchorError, parseAnchor, type AuditAnchor } from "../../src/guard/anchor.js";
import { checksumOf, GENESIS } from "../../src/guard/audit-row.js";
import { openGuardStore, type AuditRow, type GuardStore } from "../../src/guard/store.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "hl-guard-anchor-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function filled(rows: number): { store: GuardStore; path: string } {
  const path = join(dir, `a${n++}.db`);
  const store = openGuardStore(path);
  for (let i = 0; i < rows; i++) store.append({ operation: "order", mode: "live", phase: "event", status: "event", payload: { i } });
  return { store, path };
}

const anchorOf = (store: GuardStore): AuditAnchor => {
  const taken = store.anchor();
  if (!taken.ok) throw new Error(taken.reason);
  return taken.anchor;
};

/** What a forger with write access does: edit row `id`, then recompute every checksum from there on. */
function rebuildFrom(store: GuardStore, id: number, payload: string): void {
  const db = store.database;
  db.prepare("UPDATE audit_log SET payload = ? WHERE id = ?").run(payload, id);
  let prev = id === 1 ? GENESIS : (db.prepare("SELECT checksum FROM audit_log WHERE id = ?").get(id - 1) as { checksum: string }).checksum;
  for (const row of db.prepare("SELECT * FROM audit_log WHERE id >= ? ORDER BY id").all(id) as AuditRow[]) {
    const { checksum: _old, ...fields } = row;
    prev = checksumOf(fields, prev);
    db.prepare("UPDATE audit_log SET checksum = ? WHERE id = ?").run(prev, row.id);
  }
}

describe("audit anchor (store)", () => {
  it("holds while the chain only grows", () => {
    const { store } = filled(5);
    const anchor = anchorOf(store);
    expect(anchor).toMatchObject({ rowCount: 5, headId: 5, headChecksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(parseAnchor(JSON.stringify(anchor), "x.json")).toEqual(anchor);
    store.append({ operation: "order", mode: "live", phase: "event", status: "event", payload: { i: 5 } });
    expect(store.verifyChain(anchor)).toEqual({ ok: true, rows: 6 });
    store.close();
  });

  it("detects a cut-off tail that the chain alone cannot", () => {
    const { store } = filled(6);
    const anchor = anchorOf(store);
    store.database.prepare("DELETE FROM audit_log WHERE id >= 5").run();
    expect(store.verifyChain()).toEqual({ ok: true, rows: 4 });
    expect(store.verifyChain(anchor)).toMatchObject({
      ok: false,
      anchor: true,
      brokenAt: 5,
      rows: 4,
      reason: expect.stringMatching(/^truncated: .* 6 rows ending at row 6, the chain now ends at row 4/),
    });
    store.close();
  });

  it("detects a chain rebuilt after an edit (every checksum recomputed)", () => {
    const { store } = filled(6);
    const anchor = anchorOf(store);
    rebuildFrom(store, 3, JSON.stringify({ i: 99 }));
    expect(store.verifyChain()).toEqual({ ok: true, rows: 6 });
    expect(store.verifyChain(anchor)).toMatchObject({ ok: false, anchor: true, brokenAt: 6, reason: expect.stringMatching(/^rewritten: row 6's checksum/) });
    store.close();
  });

  it("refuses to anchor a broken chain; an empty chain's anchor holds for any chain", () => {
    const { store } = filled(3);
    store.database.prepare("UPDATE audit_log SET payload = '{}' WHERE id = 2").run();
    expect(store.anchor()).toMatchObject({ ok: false, brokenAt: 2 });
    store.close();
    const empty = filled(0);
    const anchor = anchorOf(empty.store);
    expect(anchor).toMatchObject({ rowCount: 0, headId: 0, headChecksum: GENESIS });
    expect(empty.store.verifyChain(anchor)).toEqual({ ok: true, rows: 0 });
    empty.store.close();
  });

  it("a malformed anchor names the file and the field", () => {
    const good = { rowCount: 2, headId: 2, headChecksum: "a".repeat(64), at: "2026-12-02T06:00:00.000Z" };
    const fails = (value: unknown): AuditAnchorError => {
      try {
        parseAnchor(typeof value === "string" ? value : JSON.stringify(value), "anchor.json");
      } catch (e) {
        return e as AuditAnchorError;
      }
      throw new Error("accepted");
    };
    expect(fails("{nope")).toMatchObject({ file: "anchor.json", field: "(file)" });
    expect(fails({ ...good, rowCount: -1 })).toMatchObject({ field: "rowCount" });
    expect(fails({ ...good, headId: 0 })).toMatchObject({ field: "headId" });
    expect(fails({ ...good, headChecksum: "XYZ" })).toMatchObject({ field: "headChecksum" });
    const at = fails({ ...good, at: "yesterday" });
    expect(at).toBeInstanceOf(AuditAnchorError);
    expect(at.message).toContain("anchor.json");
    expect(at.details).toContain("an ISO 8601 time");
  });
});

describe("hl audit anchor / verify --anchor", { timeout: 60_000 }, () => {
  it("writes the anchor, verifies against it, and exits 1 naming it once the tail is cut off", async () => {
    const { store, path } = filled(8);
    store.close();
    const file = join(dir, "anchor.json");
    const taken = await runCli(["audit", "anchor", "--db", path, "--out", file]);
    expect(taken.code, taken.stderr).toBe(0);
    const anchor = JSON.parse(taken.stdout) as AuditAnchor;
    expect(anchor).toMatchObject({ rowCount: 8, headId: 8 });
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(anchor);

    const ok = await runCli(["audit", "verify", "--db", path, "--anchor", file]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(`audit chain ok: 8 rows (${path}), matches the anchor ${file}\n`);

    const cut = openGuardStore(path);
    cut.database.prepare("DELETE FROM audit_log WHERE id = 8").run();
    cut.close();
    expect((await runCli(["audit", "verify", "--db", path])).code).toBe(0);
    const bad = await runCli(["audit", "verify", "--db", path, "--anchor", file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`^audit chain does not match the anchor ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: truncated`));
    const json = await runCli(["audit", "verify", "--db", path, "--anchor", file, "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, anchor: file, brokenAt: 8 });

    writeFileSync(join(dir, "bad.json"), '{"rowCount": 1}');
    const malformed = await runCli(["audit", "verify", "--db", path, "--anchor", join(dir, "bad.json")]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("bad.json");
  });
});
