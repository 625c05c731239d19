/**
 * Wire model → action encoders (generated/ts/actions.ts).
 *
 * An encoder rebuilds an action in the schema's key order, drops absent optionals and keeps
 * nothing else, so the msgpack bytes that get hashed are exactly the ones the exchange
 * re-computes. Input is validated first (the validators reject unknown keys); the encoder
 * is the single place key order is decided.
 */
import { reachable, type FieldModel, type MessageModel, type SchemaModel } from "./ir.js";

const enc = (name: string): string => `encode${name}`;

function valueExpr(f: FieldModel, v: string): string {
  let inner = (x: string): string => (f.type.kind === "message" ? `${enc(f.type.name)}(${x})` : x);
  if (f.repeated) {
    const one = inner;
    inner = (x: string): string => (f.type.kind === "message" ? `${x}.map((item) => ${one("item")})` : x);
  } else if (f.map) {
    const one = inner;
    inner = (x: string): string => (f.type.kind === "message" ? `mapValues(${x}, (item) => ${one("item")})` : x);
  }
  return f.nullable ? `${v} === null ? null : ${inner(v)}` : inner(v);
}

function objectEncoder(m: MessageModel): string {
  const lines = [`  const out: Record<string, unknown> = {};`];
  for (const f of m.fields) {
    const v = `v[${JSON.stringify(f.key)}]`;
    const assign = `out[${JSON.stringify(f.key)}] = ${valueExpr(f, v)};`;
    if (f.optional || f.oneof) lines.push(`  if (${v} !== undefined) ${assign}`);
    else lines.push(`  ${assign}`);
  }
  lines.push(`  return out as unknown as T.${m.name};`);
  return lines.join("\n");
}

function unionEncoder(m: MessageModel, messages: Map<string, MessageModel>): string {
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
      lines.push(`  if (${test}) return ${enc(f.type.name)}(v as never) as T.${m.name};`);
    } else if (f.constValue !== undefined) {
      lines.push(`  if (v === ${JSON.stringify(f.constValue)}) return v as T.${m.name};`);
    } else {
      const js = f.type.kind === "bool" ? "boolean" : f.type.kind === "string" ? "string" : f.type.kind === "any" ? "" : "number";
      lines.push(js ? `  if (typeof v === "${js}") return v as T.${m.name};` : `  return v as T.${m.name};`);
    }
  }
  lines.push(`  return v as T.${m.name};`);
  return lines.join("\n");
}

function encoderBody(m: MessageModel, messages: Map<string, MessageModel>): string {
  switch (m.shape) {
    case "object":
      return objectEncoder(m);
    case "unwrap":
      return `  return (${valueExpr(m.fields[0]!, "v")}) as T.${m.name};`;
    case "tuple":
      return [
        `  const out: unknown[] = [${m.fields.filter((f) => !f.optional).map((f, i) => valueExpr(f, `v[${i}]`)).join(", ")}];`,
        ...m.fields.map((f, i) => (f.optional ? `  if (v.length > ${i}) out.push(${valueExpr(f, `v[${i}]`)});` : "")).filter(Boolean),
        `  return out as T.${m.name};`,
      ].join("\n");
    case "union":
      return unionEncoder(m, messages);
  }
}

export function emitTsActions(model: SchemaModel, header: string): string {
  const roots = model.exchange.map((e) => e.request);
  const msgs = reachable(model.messages, roots);
  const out: string[] = [header, `import type * as T from "./types.js";`, ""];
  out.push(
    `function isObject(v: unknown): v is Record<string, unknown> {\n  return typeof v === "object" && v !== null && !Array.isArray(v);\n}\n`,
    `function mapValues<A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> {\n  const out: Record<string, B> = {};\n  for (const k of Object.keys(o)) out[k] = f(o[k]!);\n  return out;\n}\n`,
  );
  for (const m of msgs) {
    const param = m.shape === "union" ? "unknown" : `T.${m.name}`;
    out.push(`/** Rebuilds {@link T.${m.name}} in wire key order. */\nexport function ${enc(m.name)}(v: ${param}): T.${m.name} {\n${encoderBody(m, model.messages)}\n}\n`);
  }
  out.push(`/** Every exchange action by its wire \`type\`. */\nexport interface Actions {`);
  for (const e of model.exchange) out.push(`  ${JSON.stringify(e.type)}: T.${e.request};`);
  out.push(`}\n\nexport type ActionType = keyof Actions;\nexport type AnyAction = Actions[ActionType];\n`);
  out.push(`/** Exchange response type by action \`type\`. */\nexport interface ActionResponses {`);
  for (const e of model.exchange) out.push(`  ${JSON.stringify(e.type)}: T.${e.response};`);
  out.push(`}\n`);
  out.push(`export interface Eip712Field {\n  readonly name: string;\n  readonly type: string;\n}\n`);
  out.push(
    `export interface ActionSpec {\n  readonly type: string;\n  /** Schema message of the action (validator name). */\n  readonly message: string;\n  /** Schema message of the response. */\n  readonly response: string;\n  readonly signing: "l1" | "userSigned";\n  /** EIP-712 primary type (user-signed actions). */\n  readonly primaryType?: string;\n  /** EIP-712 fields in hashing order (user-signed actions). */\n  readonly eip712?: readonly Eip712Field[];\n  readonly encode: (action: never) => unknown;\n}\n`,
  );
  out.push(`/** Signing kind, EIP-712 table and encoder of each action. */\nexport const actionSpecs: { readonly [K in ActionType]: ActionSpec } = {`);
  for (const e of model.exchange) {
    const m = model.messages.get(e.request)!;
    const a = m.action!;
    const extra = a.signing === "userSigned" ? ` primaryType: ${JSON.stringify(a.primaryType)}, eip712: ${JSON.stringify(a.eip712)},` : "";
    out.push(`  ${JSON.stringify(e.type)}: { type: ${JSON.stringify(e.type)}, message: ${JSON.stringify(e.request)}, response: ${JSON.stringify(e.response)}, signing: ${JSON.stringify(a.signing)},${extra} encode: ${enc(e.request)} },`);
  }
  out.push(`};\n`);
  return out.join("\n");
}
