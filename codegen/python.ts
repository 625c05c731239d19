/**
 * Wire model → python-bindings/hyperliquid_sdk/_generated: TypedDicts of every wire type
 * (wire.py), pydantic models (models.py) and the clients' typed methods (methods.py), both
 * from codegen/python-models.ts.
 */
import type { FieldModel, MessageModel, SchemaModel } from "./ir.js";
import { emitMethods, emitModels } from "./python-models.js";

const KEYWORDS = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
]);
const isIdent = (s: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && !KEYWORDS.has(s);

function pyType(f: FieldModel): string {
  let t: string;
  switch (f.type.kind) {
    case "string":
      t =
        f.constValue !== undefined
          ? `Literal[${JSON.stringify(f.constValue)}]`
          : f.enumValues
            ? `Literal[${f.enumValues.map((v) => JSON.stringify(v)).join(", ")}]`
            : "str";
      break;
    case "bool":
      t = "bool";
      break;
    case "int":
      t = "int";
      break;
    case "double":
      t = "float";
      break;
    case "message":
      t = f.type.name;
      break;
    case "any":
      t = "Any";
      break;
  }
  if (f.repeated) t = `list[${t}]`;
  else if (f.map) t = `dict[str, ${t}]`;
  if (f.nullable) t = `${t} | None`;
  return t;
}

function typedDict(m: MessageModel): string {
  const fields = m.fields.map((f) => ({ key: f.key, type: f.optional || f.oneof ? `NotRequired[${pyType(f)}]` : pyType(f) }));
  const doc = (m.doc ?? m.name).replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"');
  if (fields.every((f) => isIdent(f.key))) {
    const body = fields.length ? fields.map((f) => `    ${f.key}: ${f.type}`).join("\n") : "    pass";
    return `class ${m.name}(TypedDict):\n    """${doc}"""\n\n${body}\n`;
  }
  return `${m.name} = TypedDict("${m.name}", {${fields.map((f) => `${JSON.stringify(f.key)}: ${f.type}`).join(", ")}})\n"""${doc}"""\n`;
}

function alias(m: MessageModel): string {
  let t: string;
  if (m.shape === "unwrap") t = pyType(m.fields[0]!);
  else if (m.shape === "union") t = m.fields.map(pyType).join(" | ");
  else t = `tuple[${m.fields.map(pyType).join(", ")}]`;
  return `${m.name}: TypeAlias = '${t}'\n`;
}

export function emitPython(model: SchemaModel, header: string): Record<string, string> {
  const messages = [...model.messages.values()].sort((a, b) => a.name.localeCompare(b.name));
  const types = [
    header,
    `"""Hyperliquid wire types (TypedDicts), generated from the project's schema."""\n`,
    "from __future__ import annotations\n",
    "from typing import Any, Literal, NotRequired, TypeAlias, TypedDict\n\n",
    ...messages.map((m) => (m.shape === "object" ? typedDict(m) : alias(m)) + "\n"),
  ].join("\n");
  const init = [header, `"""Generated from the schema: pydantic models (models), typed client methods (methods), wire TypedDicts (wire)."""\n`].join("\n");
  return { "__init__.py": init, "wire.py": types, "models.py": emitModels(model, header), "methods.py": emitMethods(model, header) };
}
