/**
 * Wire model → python-bindings/hyperliquid_sdk_bindings: TypedDicts of every wire type
 * (types.py), a small typed Info client (client.py) and py.typed.
 */
import type { FieldModel, MessageModel, SchemaModel } from "./ir.js";

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

const snake = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();

function clientMethod(model: SchemaModel, e: { type: string; request: string; response: string; doc?: string }, path: string): string {
  const req = model.messages.get(e.request)!;
  const params = req.fields.filter((f) => f.key !== "type");
  const args = params.map((f) => {
    const name = isIdent(snake(f.key)) ? snake(f.key) : `${snake(f.key)}_`;
    return { f, name, decl: f.optional ? `${name}: ${pyType(f).includes("| None") ? pyType(f) : `${pyType(f)} | None`} = None` : `${name}: ${pyType(f)}` };
  });
  const required = args.filter((a) => !a.f.optional);
  const optional = args.filter((a) => a.f.optional);
  const sig = ["self", ...(args.length ? ["*", ...required.map((a) => a.decl), ...optional.map((a) => a.decl)] : [])].join(", ");
  const lines = [
    `    def ${snake(e.type)}(${sig}) -> ${e.response}:`,
    `        """${(e.doc ?? e.type).replace(/"""/g, "'''")}"""`,
    `        body: dict[str, Any] = {"type": ${JSON.stringify(e.type)}}`,
  ];
  for (const a of args)
    lines.push(
      a.f.optional
        ? `        if ${a.name} is not None:\n            body[${JSON.stringify(a.f.key)}] = ${a.name}`
        : `        body[${JSON.stringify(a.f.key)}] = ${a.name}`,
    );
  lines.push(`        return cast(${e.response}, self._post(${JSON.stringify(path)}, body))`);
  return lines.join("\n");
}

/** Types client.py names: responses and message-typed request parameters, sorted as ruff's isort wants. */
function importedTypes(model: SchemaModel, responses: Set<string>): string[] {
  const params = [...model.info, ...model.explorer].flatMap((e) =>
    model.messages.get(e.request)!.fields.flatMap((f) => (f.type.kind === "message" ? [f.type.name] : [])),
  );
  // ruff's isort compares member names case-insensitively ("PerpDexsResponse" < "PerpDexStatusResponse").
  const key = (s: string): string => s.toLowerCase();
  return [...new Set([...responses, ...params])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a < b ? -1 : 1));
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
  const usedTypes = new Set([...model.info, ...model.explorer].map((e) => e.response));
  const client = [
    header,
    `"""A small typed client for POST /info and /explorer. \`post\` is pluggable (tests pass a fake)."""\n`,
    "from __future__ import annotations\n",
    "import json",
    "import urllib.request",
    "from collections.abc import Callable",
    "from typing import Any, cast\n",
    `from .types import (\n${importedTypes(model, usedTypes)
      .map((n) => `    ${n},`)
      .join("\n")}\n)\n`,
    "PostFn = Callable[[str, dict[str, Any]], Any]\n\n",
    "def urllib_post(base_url: str, timeout: float = 10.0) -> PostFn:",
    '    """A transport on the standard library: POST JSON to base_url + path."""\n',
    "    def post(path: str, body: dict[str, Any]) -> Any:",
    '        req = urllib.request.Request(base_url.rstrip("/") + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})',
    "        with urllib.request.urlopen(req, timeout=timeout) as res:  # noqa: S310 - caller chooses the URL",
    "            return json.loads(res.read())\n",
    "    return post\n\n",
    "class InfoClient:",
    '    """One method per info/explorer request type, named in snake_case."""\n',
    '    def __init__(self, post: PostFn | None = None, base_url: str = "http://127.0.0.1:3001") -> None:',
    "        self._post = post or urllib_post(base_url)\n",
    ...model.info.map((e) => clientMethod(model, e, "/info") + "\n"),
    ...model.explorer.map((e) => clientMethod(model, e, "/explorer") + "\n"),
  ].join("\n");
  const init = [
    header,
    `"""Typed Hyperliquid wire types and a small Info client, generated from the schema."""\n`,
    "from .client import InfoClient, PostFn, urllib_post",
    "from .types import *  # noqa: F403\n",
    `__all__ = ["InfoClient", "PostFn", "urllib_post"]`,
    "",
  ].join("\n");
  return { "__init__.py": init, "types.py": types, "client.py": client, "py.typed": "" };
}
