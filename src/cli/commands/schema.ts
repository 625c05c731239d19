/**
 * `hl schema --list`: every request type the SDK supports, one per line:
 * `info <type>`, `explorer <type>`, `exchange <type>`, `subscription <type>`.
 * `hl schema <MessageName>` prints that message's JSON Schema.
 */
import schemaJson from "../../../generated/schema.json" with { type: "json" };
import { closest, report, runCommand, UsageError, type CommandSpec } from "../args.js";

interface SchemaJson {
  defs: Record<string, unknown>;
  info: { type: string }[];
  explorer: { type: string }[];
  explorerSubscriptions: { type: string }[];
  exchange: { type: string }[];
  subscriptions: { type: string; stream?: { aliasChannels?: string[] } }[];
}
const schema: SchemaJson = schemaJson;

export const spec = {
  name: "schema",
  summary: "List every request type the SDK supports, or print one message's JSON Schema.",
  positionals: "[MessageName]",
  description: "Without arguments (or with --list) prints `<kind> <type>` lines: kind is info, explorer, exchange or subscription.",
  options: { list: { type: "boolean", description: "print every request type as `<kind> <type>` (the default without a MessageName)" } },
  examples: ["hl schema --list", "hl schema --list | grep '^info '", "hl schema L2BookRequest"],
} satisfies CommandSpec;

export function run(argv: string[]): Promise<number> {
  return runCommand(
    spec,
    argv,
    async ({ values, positionals }) => {
      const name = positionals[0];
      if (values.list || name === undefined) {
        const lines = [
          ...schema.info.map((e) => `info ${e.type}`),
          ...schema.explorer.map((e) => `explorer ${e.type}`),
          // The explorer's WebSocket feeds (on the RPC host) are listed with the explorer requests.
          ...schema.explorerSubscriptions.map((e) => `explorer ${e.type}`),
          ...schema.exchange.map((e) => `exchange ${e.type}`),
          // A further push channel with its own message type (activeSpotAssetCtx: activeAssetCtx on
          // a spot coin) is a subscription of its own to a user: SubscriptionClient has a method for it.
          ...schema.subscriptions.flatMap((e) => [e.type, ...(e.stream?.aliasChannels ?? [])].map((t) => `subscription ${t}`)),
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
        return 0;
      }
      const def = schema.defs[name];
      if (!def) {
        const near = closest(name, Object.keys(schema.defs));
        return report(
          new UsageError(`hl schema: no message named ${name}${near ? `; did you mean ${near}?` : ""}`, {
            hint: "`hl schema --list` lists the request types.",
          }),
        );
      }
      process.stdout.write(`${JSON.stringify(def, null, 2)}\n`);
      return 0;
    },
    { maxPositionals: 1 },
  );
}
