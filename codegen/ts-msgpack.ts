/**
 * Wire model -> msgpack writers (generated/ts/msgpack-writers.ts, generated/ts/msgpack-runtime.ts).
 *
 * A writer emits the msgpack bytes of `msgpack(encodeX(v))` (the action rebuilt in schema key
 * order by ts-actions.ts, then @msgpack/msgpack with ignoreUndefined) straight from a validated
 * action: keys are precomputed byte strings in schema order, absent fields are skipped the way
 * ignoreUndefined skips them, and no intermediate object is built. Anything the runtime does not
 * write itself (non-ASCII strings, objects of `any` fields, negative integers below int32) goes
 * through the reference encoder, so the bytes stay those of @msgpack/msgpack by construction;
 * test/signing/msgpack-writers.test.ts checks that on random schema-valid actions.
 */
import { encode } from "@msgpack/msgpack";
import { reachable, type FieldModel, type MessageModel, type SchemaModel } from "./ir.js";
import { runtimeSource } from "./runtime/copy.js";

const writer = (name: string): string => `write${name}`;

/** Emits one byte-string constant per distinct map key, named K0, K1, ... */
class KeyTable {
  private readonly names = new Map<string, string>();
  name(key: string): string {
    let n = this.names.get(key);
    if (!n) this.names.set(key, (n = `K${this.names.size}`));
    return n;
  }
  emit(): string {
    return [...this.names].map(([key, n]) => `const ${n} = new Uint8Array([${[...encode(key)].join(", ")}]); // ${JSON.stringify(key)}`).join("\n");
  }
}

/** Statement writing the value `x` of field `f` (as ts-actions' valueExpr would rebuild it). */
function writeValue(f: FieldModel, x: string, owner: string): string {
  if (f.map) throw new Error(`msgpack writer: map field ${owner}.${f.key} is not handled; extend codegen/ts-msgpack.ts`);
  let inner: string;
  if (f.repeated) {
    const one = f.type.kind === "message" ? `${writer(f.type.name)}(${x}[i]!)` : `W.any(${x}[i])`;
    inner = `{ W.arrayHeader(${x}.length); for (let i = 0; i < ${x}.length; i++) ${one}; }`;
  } else inner = f.type.kind === "message" ? `${writer(f.type.name)}(${x});` : `W.any(${x});`;
  return f.nullable ? `if (${x} === null) W.nil(); else ${inner}` : inner;
}

function objectWriter(m: MessageModel, keys: KeyTable): string {
  const lines = m.fields.map((f, i) => `  const f${i} = v[${JSON.stringify(f.key)}];`);
  lines.push(`  W.mapHeader(${m.fields.map((_, i) => `(f${i} === undefined ? 0 : 1)`).join(" + ") || "0"});`);
  m.fields.forEach((f, i) => lines.push(`  if (f${i} !== undefined) { W.raw(${keys.name(f.key)}); ${writeValue(f, `f${i}`, m.name)} }`));
  return lines.join("\n");
}

/** Same branch tests, in the same order, as ts-actions' unionEncoder. */
function unionWriter(m: MessageModel, messages: Map<string, MessageModel>): string {
  const lines: string[] = [];
  for (const f of m.fields) {
    if (f.type.kind === "message") {
      const target = messages.get(f.type.name)!;
      const req = target.shape === "object" ? target.fields.filter((x) => !x.optional && !x.oneof).map((x) => x.key) : [];
      const keyed = target.shape === "object" ? target.oneofs.flatMap((o) => o.members) : [];
      const test =
        target.shape === "tuple" || f.repeated
          ? "Array.isArray(v)"
          : `isObject(v)${req.map((k) => ` && ${JSON.stringify(k)} in v`).join("")}${keyed.length ? ` && (${keyed.map((k) => `${JSON.stringify(k)} in v`).join(" || ")})` : ""}`;
      lines.push(`  if (${test}) return ${writer(f.type.name)}(v as never);`);
    } else if (f.constValue !== undefined) {
      lines.push(`  if (v === ${JSON.stringify(f.constValue)}) return W.any(v);`);
    } else {
      const js = f.type.kind === "bool" ? "boolean" : f.type.kind === "string" ? "string" : f.type.kind === "any" ? "" : "number";
      lines.push(js ? `  if (typeof v === "${js}") return W.any(v);` : `  return W.any(v);`);
    }
  }
  lines.push(`  W.any(v);`);
  return lines.join("\n");
}

function tupleWriter(m: MessageModel): string {
  const fixed = m.fields.filter((f) => !f.optional);
  const lines = [`  let n = ${fixed.length};`];
  m.fields.forEach((f, i) => f.optional && lines.push(`  if (v.length > ${i}) n++;`));
  lines.push(`  W.arrayHeader(n);`);
  fixed.forEach((f, i) => lines.push(`  { const x: any = v[${i}]; ${writeValue(f, "x", m.name)} }`));
  m.fields.forEach((f, i) => f.optional && lines.push(`  if (v.length > ${i}) { const x: any = v[${i}]; ${writeValue(f, "x", m.name)} }`));
  return lines.join("\n");
}

function writerBody(m: MessageModel, messages: Map<string, MessageModel>, keys: KeyTable): string {
  switch (m.shape) {
    case "object":
      return objectWriter(m, keys);
    case "unwrap":
      return `  const x = v;\n  ${writeValue(m.fields[0]!, "x", m.name)}`;
    case "tuple":
      return tupleWriter(m);
    case "union":
      return unionWriter(m, messages);
  }
}

export function emitTsMsgpackRuntime(header: string): string {
  return header + runtimeSource("msgpack-runtime.ts");
}

export function emitTsMsgpackWriters(model: SchemaModel, header: string): string {
  const msgs = reachable(
    model.messages,
    model.exchange.map((e) => e.request),
  );
  const keys = new KeyTable();
  const bodies = msgs.map((m) => {
    // Tuples and unwraps are indexed or passed whole: typed loosely, as their encoders read them.
    const param = m.shape === "union" ? "unknown" : m.shape === "tuple" ? "readonly unknown[]" : m.shape === "unwrap" ? "any" : `T.${m.name}`;
    return `/** Writes msgpack(encode${m.name}(v)). */\nfunction ${writer(m.name)}(v: ${param}): void {\n${writerBody(m, model.messages, keys)}\n}\n`;
  });
  const out = [
    header,
    `import type { AnyAction } from "./actions.js";`,
    `import * as W from "./msgpack-runtime.js";`,
    `import type * as T from "./types.js";`,
    ``,
    `function isObject(v: unknown): v is Record<string, unknown> {\n  return typeof v === "object" && v !== null && !Array.isArray(v);\n}\n`,
    keys.emit(),
    ``,
    ...bodies,
    `/**`,
    ` * msgpack of a validated action as the exchange hashes it: the bytes of`,
    ` * referenceEncoder.encode(encodeAnyAction(action)), written without rebuilding the action.`,
    ` * Returns a view valid until the next call.`,
    ` */`,
    `export function msgpackOfAction(action: AnyAction): Uint8Array {`,
    `  W.reset();`,
    `  const a: AnyAction = action;`,
    `  switch (a.type) {`,
    ...model.exchange.map((e) => `    case ${JSON.stringify(e.type)}:\n      ${writer(e.request)}(a);\n      break;`),
    `    default:`,
    `      W.any(a);`,
    `  }`,
    `  return W.written();`,
    `}\n`,
  ];
  return out.join("\n");
}
