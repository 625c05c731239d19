/**
 * Wire model → action encoders (generated/ts/actions.ts).
 *
 * An encoder rebuilds an action in the schema's key order, drops absent optionals and keeps
 * nothing else, so the msgpack bytes that get hashed are exactly the ones the exchange
 * re-computes. Input is validated first (the validators reject unknown keys); the encoder
 * is the single place key order is decided.
 */
import { reachable, type FieldModel, type MessageModel, type SchemaModel } from "./ir.js";

/** The members of a response union other than ExchangeErr (the response itself when not a union). */
export function successTypes(model: SchemaModel, response: string): string[] {
  const m = model.messages.get(response)!;
  if (m.shape !== "union") return [`T.${response}`];
  return m.fields
    .filter((f) => !(f.type.kind === "message" && f.type.name === "ExchangeErr"))
    .map((f) => (f.type.kind === "message" ? `T.${f.type.name}` : `T.${response}`));
}

/** Keys the exchange client fills in itself: chain fields and the nonce-valued time/nonce. */
export function autoFilledKeys(m: MessageModel): string[] {
  if (!m.action) return [];
  const keys = ["signatureChainId", "hyperliquidChain"];
  if (m.action.signing === "userSigned") keys.push("time", "nonce");
  return m.fields.map((f) => f.key).filter((k) => keys.includes(k));
}

/** The caller's part of an action: everything but `type` and {@link autoFilledKeys}. */
export function paramsType(model: SchemaModel, request: string): string {
  const omit = ["type", ...autoFilledKeys(model.messages.get(request)!)];
  return `Omit<T.${request}, ${omit.map((k) => JSON.stringify(k)).join(" | ")}>`;
}

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
        `  const out: unknown[] = [${m.fields
          .filter((f) => !f.optional)
          .map((f, i) => valueExpr(f, `v[${i}]`))
          .join(", ")}];`,
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
    out.push(
      `/** Rebuilds {@link T.${m.name}} in wire key order. */\nexport function ${enc(m.name)}(v: ${param}): T.${m.name} {\n${encoderBody(m, model.messages)}\n}\n`,
    );
  }
  out.push(`/** Every exchange action by its wire \`type\`. */\nexport interface Actions {`);
  for (const e of model.exchange) out.push(`  ${JSON.stringify(e.type)}: T.${e.request};`);
  out.push(`}\n\nexport type ActionType = keyof Actions;\nexport type AnyAction = Actions[ActionType];\n`);
  out.push(`/** Exchange response type by action \`type\` (what the wire may answer, error included). */\nexport interface ActionResponses {`);
  for (const e of model.exchange) out.push(`  ${JSON.stringify(e.type)}: T.${e.response};`);
  out.push(`}\n`);
  out.push(
    `/** What an action resolves to: its response without ExchangeErr (an error answer is thrown as ExchangeError). */\nexport interface ActionSuccess {`,
  );
  for (const e of model.exchange) out.push(`  ${JSON.stringify(e.type)}: ${successTypes(model, e.response).join(" | ")};`);
  out.push(`}\n`);
  out.push(`/** What a caller gives per action: the action without \`type\` and the fields the client fills in. */\nexport interface ActionParams {`);
  for (const e of model.exchange) out.push(`  ${JSON.stringify(e.type)}: ${paramsType(model, e.request)};`);
  out.push(`}\n`);
  out.push(`export interface Eip712Field {\n  readonly name: string;\n  readonly type: string;\n}\n`);
  out.push(
    `export interface ActionSpec<K extends ActionType = ActionType> {\n  readonly type: K;\n  /** Schema message of the action (validator name). */\n  readonly message: string;\n  /** Schema message of the response. */\n  readonly response: string;\n  readonly signing: "l1" | "userSigned";\n  /** Whether the signature covers vaultAddress / expiresAfter: every L1 action and the hybrid multiSig (schema: l1_envelope). */\n  readonly l1Envelope: boolean;\n  /** EIP-712 primary type (user-signed actions). */\n  readonly primaryType?: string;\n  /** EIP-712 fields in hashing order (user-signed actions). */\n  readonly eip712?: readonly Eip712Field[];\n  /** Envelope keys the client fills in (see {@link autoFilledKeys} in codegen). */\n  readonly filled: readonly string[];\n  /** Rebuilds the action in wire key order. (Method syntax: an ActionSpec<K> is an ActionSpec.) */\n  encode(action: Actions[K]): Actions[K];\n}\n`,
  );
  out.push(`/** Signing kind, EIP-712 table and encoder of each action. */\nexport const actionSpecs: { readonly [K in ActionType]: ActionSpec<K> } = {`);
  for (const e of model.exchange) {
    const m = model.messages.get(e.request)!;
    const a = m.action!;
    const extra = a.signing === "userSigned" ? ` primaryType: ${JSON.stringify(a.primaryType)}, eip712: ${JSON.stringify(a.eip712)},` : "";
    out.push(
      `  ${JSON.stringify(e.type)}: { type: ${JSON.stringify(e.type)}, message: ${JSON.stringify(e.request)}, response: ${JSON.stringify(e.response)}, signing: ${JSON.stringify(a.signing)}, l1Envelope: ${a.l1Envelope},${extra} filled: ${JSON.stringify(autoFilledKeys(m))}, encode: ${enc(e.request)} },`,
    );
  }
  out.push(`};\n`);
  out.push(
    `/** Whether \`s\` names an exchange action (own keys of {@link actionSpecs} only). */\nexport function isActionType(s: unknown): s is ActionType {\n  return typeof s === "string" && Object.prototype.hasOwnProperty.call(actionSpecs, s);\n}\n`,
  );
  out.push(
    `/** Rebuilds any action in wire key order, chosen by its \`type\`. */\nexport function encodeAnyAction<A extends AnyAction>(action: A): A {\n  // Each case narrows \`action\` to one action type; the encoder returns that same type.\n  const a: AnyAction = action;\n  switch (a.type) {`,
  );
  for (const e of model.exchange) out.push(`    case ${JSON.stringify(e.type)}:\n      return ${enc(e.request)}(a) as A;`);
  out.push(`  }\n}\n`);
  return out.join("\n");
}
