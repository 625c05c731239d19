/**
 * `hl audit verify` walks the store's hash chain (exit 0 with the row count, 1 naming the first
 * broken row; with `--anchor FILE` also 1 when the chain was cut off or rebuilt after that
 * anchor); `hl audit anchor` prints (or writes with --out) the chain's head to keep elsewhere;
 * `hl audit tail` prints the last rows. The store is opened read-only: checking a copied or
 * tampered file never changes it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseAnchor, type AuditAnchor } from "../../guard/anchor.js";
import { openGuardStore, type AuditRow, type ChainCheck } from "../../guard/store.js";
import { closest, report, runCommand, UsageError, type CommandSpec } from "../args.js";
import { loadConfig } from "../guard-session.js";

export const spec = {
  name: "audit",
  summary: "Verify the audit log's hash chain (verify), record its head (anchor) or print its last rows (tail).",
  positionals: "verify|anchor|tail",
  options: {
    db: { type: "string", value: "FILE", description: "the guard store", defaultText: "the config's store.path (hl-state.db)" },
    config: { type: "string", value: "FILE", description: "guard-rail config whose store.path to use" },
    anchor: { type: "string", value: "FILE", description: "verify: also check the chain against an anchor written by `hl audit anchor`" },
    out: { type: "string", value: "FILE", description: "anchor: write the anchor to FILE (it is printed either way)" },
    lines: { type: "integer", short: "n", value: "N", min: 1, default: 20, description: "rows to print (tail)" },
    json: { type: "boolean", description: "print JSON (verify: one object; tail: one row per line)" },
  },
  examples: [
    "hl audit verify --db hl-state.db",
    "hl audit anchor --db hl-state.db --out anchor-2026-12-02.json",
    "hl audit verify --db hl-state.db --anchor anchor-2026-12-02.json",
    "hl audit tail -n 50 --config guard.toml",
    "hl audit tail --json | jq .status",
  ],
} satisfies CommandSpec;

const SUB = ["verify", "anchor", "tail"];

function line(r: AuditRow): string {
  const ts = new Date(r.ts / 1000).toISOString();
  const detail = r.error ?? r.response ?? r.payload ?? "";
  return `#${r.id} ${ts} [${r.mode}] ${r.operation} ${r.phase}${r.ref ? `(#${r.ref})` : ""} ${r.status} ${detail.length > 160 ? `${detail.slice(0, 157)}...` : detail}`;
}

/** A broken chain (or one that does not match the anchor FILE): exit 1, naming the row (and the file). */
function broken(check: Extract<ChainCheck, { ok: false }>, path: string, json: boolean | undefined, anchorFile?: string): number {
  if (json) process.stdout.write(`${JSON.stringify({ db: path, ...check, ...(check.anchor ? { anchor: anchorFile } : {}) })}\n`);
  if (check.anchor) process.stderr.write(`audit chain does not match the anchor ${anchorFile}: ${check.reason}\n`);
  else process.stderr.write(`audit chain broken at row ${check.brokenAt} (${check.rows} rows verified before it): ${check.reason}\n`);
  return 1;
}

export function run(argv: string[]): Promise<number> {
  return runCommand(
    spec,
    argv,
    async ({ values, positionals }) => {
      const sub = positionals[0];
      if (!sub || !SUB.includes(sub)) {
        const near = sub ? closest(sub, SUB) : undefined;
        return report(
          new UsageError(`hl audit: ${sub ? `unknown subcommand "${sub}"${near ? `; did you mean ${near}?` : ""}` : "missing subcommand"}`, {
            details: "one of: verify, anchor, tail",
          }),
        );
      }
      let path: string;
      let anchor: AuditAnchor | undefined;
      try {
        path = values.db ?? loadConfig(values.config).config.store.path;
        if (values.anchor !== undefined) {
          if (sub !== "verify") throw new UsageError(`hl audit ${sub}: --anchor is for verify`);
          let text: string;
          try {
            text = readFileSync(values.anchor, "utf8");
          } catch (e) {
            throw new UsageError(`hl audit verify: cannot read the anchor ${JSON.stringify(values.anchor)}: ${e instanceof Error ? e.message : String(e)}`);
          }
          try {
            anchor = parseAnchor(text, values.anchor);
          } catch (e) {
            return report(e, 2);
          }
        }
        if (values.out !== undefined && sub !== "anchor") throw new UsageError(`hl audit ${sub}: --out is for anchor`);
      } catch (e) {
        return report(e);
      }
      let store;
      try {
        store = openGuardStore(path, { readonly: true });
      } catch (e) {
        return report(new UsageError(`hl audit ${sub}: cannot open the store ${JSON.stringify(path)}: ${e instanceof Error ? e.message : String(e)}`));
      }
      try {
        if (sub === "tail") {
          for (const r of store.tail(values.lines)) process.stdout.write(`${values.json ? JSON.stringify(r) : line(r)}\n`);
          return 0;
        }
        if (sub === "anchor") {
          const taken = store.anchor();
          if (!taken.ok) return broken(taken, path, values.json);
          const text = `${JSON.stringify(taken.anchor)}\n`;
          if (values.out !== undefined) writeFileSync(values.out, text);
          process.stdout.write(text);
          return 0;
        }
        const check = store.verifyChain(anchor);
        if (!check.ok) return broken(check, path, values.json, values.anchor);
        if (values.json) process.stdout.write(`${JSON.stringify({ db: path, ...check, ...(values.anchor ? { anchor: values.anchor } : {}) })}\n`);
        else process.stdout.write(`audit chain ok: ${check.rows} rows (${path})${values.anchor ? `, matches the anchor ${values.anchor}` : ""}\n`);
        return 0;
      } finally {
        store.close();
      }
    },
    { maxPositionals: 1 },
  );
}
