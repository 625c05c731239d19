/**
 * Wire model → TypeScript wire types (generated/ts/types.ts), printed with ts-morph.
 */
import { Project, type JSDocStructure, type OptionalKind } from "ts-morph";
import type { FieldModel, MessageModel, SchemaModel } from "./ir.js";

const FORMAT_DOC: Record<string, string> = {
  decimal: "Decimal string.",
  address: "Hex address (0x + 40 hex digits).",
  cloid: "Client order id (0x + 32 hex digits).",
  hash: "Hash (0x + 64 hex digits).",
  hex: "0x-prefixed hex.",
};

export function tsTypeOfField(f: FieldModel): string {
  let t: string;
  switch (f.type.kind) {
    case "string":
      t = f.constValue !== undefined ? JSON.stringify(f.constValue) : f.enumValues ? f.enumValues.map((v) => JSON.stringify(v)).join(" | ") : "string";
      break;
    case "bool":
      t = "boolean";
      break;
    case "int":
    case "double":
      t = "number";
      break;
    case "message":
      t = f.type.name;
      break;
    case "any":
      t = "unknown";
      break;
  }
  if (f.repeated) t = /[ |]/.test(t) ? `(${t})[]` : `${t}[]`;
  else if (f.map) t = `Record<string, ${t}>`;
  if (f.nullable) t = `${t} | null`;
  return t;
}

function propKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

function fieldDoc(f: FieldModel): string | undefined {
  const parts = [f.doc, f.format ? FORMAT_DOC[f.format] : undefined, f.example ? `@example ${f.example}` : undefined].filter(Boolean);
  return parts.length ? parts.join("\n") : undefined;
}

function objectLiteral(fields: FieldModel[], indent = "  "): string {
  const lines = fields.map((f) => {
    const doc = fieldDoc(f);
    const docText = doc ? `${indent}/** ${doc.replace(/\*\//g, "*\\/").split("\n").join(`\n${indent} * `)} */\n` : "";
    return `${docText}${indent}${propKey(f.key)}${f.optional ? "?" : ""}: ${tsTypeOfField(f)};`;
  });
  return `{\n${lines.join("\n")}\n}`;
}

function messageTypeText(m: MessageModel): string {
  switch (m.shape) {
    case "unwrap":
      return tsTypeOfField(m.fields[0]!);
    case "union":
      return m.fields.map((f) => tsTypeOfField(f)).join(" | ");
    case "tuple":
      return `[${m.fields.map((f) => `${tsTypeOfField(f)}${f.optional ? "?" : ""}`).join(", ")}]`;
    case "object": {
      const plain = m.fields.filter((f) => !f.oneof);
      const parts = [objectLiteral(plain)];
      for (const o of m.oneofs) {
        const members = m.fields.filter((f) => f.oneof === o.name);
        const variants = members.map((f) => {
          const others = members.filter((x) => x !== f).map((x) => `${propKey(x.key)}?: never`);
          return `{ ${propKey(f.key)}: ${tsTypeOfField(f)}${others.length ? "; " + others.join("; ") : ""} }`;
        });
        parts.push(`(${variants.join(" | ")})`);
      }
      return parts.length === 1 ? parts[0]! : parts.filter((p) => p !== "{\n\n}").join(" & ");
    }
  }
}

export function emitTsTypes(model: SchemaModel, header: string): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile("types.ts", "", { overwrite: true });
  file.insertText(0, header);
  for (const name of [...model.messages.keys()].sort()) {
    const m = model.messages.get(name)!;
    const docs: OptionalKind<JSDocStructure>[] = [
      {
        description: `${m.doc ?? name}\n\nWire shape: ${m.shape}${m.action ? `; ${m.action.signing === "l1" ? "L1 action" : `user-signed action (${m.action.primaryType})`}` : ""}.`,
      },
    ];
    const text = messageTypeText(m);
    if (m.shape === "object" && m.oneofs.length === 0) {
      file.addInterface({ name, isExported: true, docs }).replaceWithText(`${jsdoc(docs)}export interface ${name} ${text}`);
    } else {
      file.addTypeAlias({ name, isExported: true, type: text, docs });
    }
  }
  file.formatText({ indentSize: 2, convertTabsToSpaces: true });
  return file.getFullText();
}

function jsdoc(docs: OptionalKind<JSDocStructure>[]): string {
  const d = String(docs[0]?.description ?? "");
  return `/**\n * ${d.split("\n").join("\n * ")}\n */\n`;
}
