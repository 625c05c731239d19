/**
 * `hl audit verify` walks the store's hash chain (exit 0 with the row count, 1 naming the first
 * broken row); `hl audit tail` prints the last rows. The store is opened read-only: checking a
 * copied or tampered file never changes it.
 */
import { openGuardStore, type AuditRow } from "../../guard/store.js";
import { closest, report, runCommand, UsageError, type CommandSpec } from "../args.js";
import { loadConfig } from "../guard-session.js";

export const spec = {
  name: "audit",
  summary: "Verify the audit log's hash chain (verify) or print its last rows (tail).",
  positionals: "verify|tail",
  options: {
    db: { type: "string", value: "FILE", description: "the guard store", defaultText: "the config's store.path (hl-state.db)" },
    config: { type: "string", value: "FILE", description: "guard-rail config whose store.path to use" },
    lines: { type: "integer", short: "n", value: "N", min: 1, default: 20, description: "rows to print (tail)" },
    json: { type: "boolean", description: "print JSON (verify: one object; tail: one row per line)" },
  },
  examples: ["hl audit verify --db hl-state.db", "hl audit tail -n 50 --config guard.toml", "hl audit tail --json | jq .status"],
} satisfies CommandSpec;

const SUB = ["verify", "tail"];

function line(r: AuditRow): string {
  const ts = new Date(r.ts / 1000).toISOString();
  const detail = r.error ?? r.response ?? r.payload ?? "";
  return `#${r.id} ${ts} [${r.mode}] ${r.operation} ${r.phase}${r.ref ? `(#${r.ref})` : ""} ${r.status} ${detail.length > 160 ? `${detail.slice(0, 157)}...` : detail}`;
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
            details: "one of: verify, tail",
          }),
        );
      }
      let path: string;
      try {
        path = values.db ?? loadConfig(values.config).config.store.path;
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
        const check = store.verifyChain();
        if (values.json) process.stdout.write(`${JSON.stringify({ db: path, ...check })}\n`);
        if (check.ok) {
          if (!values.json) process.stdout.write(`audit chain ok: ${check.rows} rows (${path})\n`);
          return 0;
        }
        process.stderr.write(`audit chain broken at row ${check.brokenAt} (${check.rows} rows verified before it): ${check.reason}\n`);
        return 1;
      } finally {
        store.close();
      }
    },
    { maxPositionals: 1 },
  );
}
