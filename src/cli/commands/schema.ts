/**
 * `hl schema --list`: every request type the SDK supports, one per line:
 * `info <type>`, `explorer <type>`, `exchange <type>`, `subscription <type>`.
 * `hl schema <MessageName>` prints that message's JSON Schema.
 */
import { readFileSync } from "node:fs";

interface SchemaJson {
  defs: Record<string, unknown>;
  info: { type: string }[];
  explorer: { type: string }[];
  exchange: { type: string }[];
  subscriptions: { type: string }[];
}

export function loadSchemaJson(): SchemaJson {
  return JSON.parse(readFileSync(new URL("../../../generated/schema.json", import.meta.url), "utf8")) as SchemaJson;
}

export async function run(argv: string[]): Promise<number> {
  const schema = loadSchemaJson();
  if (argv[0] === "--list" || argv.length === 0) {
    const lines = [
      ...schema.info.map((e) => `info ${e.type}`),
      ...schema.explorer.map((e) => `explorer ${e.type}`),
      ...schema.exchange.map((e) => `exchange ${e.type}`),
      ...schema.subscriptions.map((e) => `subscription ${e.type}`),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  }
  const def = schema.defs[argv[0]!];
  if (!def) {
    console.error(`hl schema: no message named ${argv[0]} (try --list)`);
    return 2;
  }
  process.stdout.write(`${JSON.stringify(def, null, 2)}\n`);
  return 0;
}
