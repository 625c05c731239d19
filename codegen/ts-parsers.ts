/**
 * Wire model → single-pass parsers (generated/ts/parsers.ts): for every message the API sends,
 * a function that reads the JSON text and checks it against the schema in the same pass,
 * returning what JSON.parse would return, or undefined when the text is outside what it handles.
 * `explain` / `checkValue` say why a text or value is declined (path, value, what is allowed):
 * responses need no other validator.
 *
 * Why: on the API's big responses (fills, funding, books) JSON.parse + a validator walk costs
 * more than JSON.parse alone; one scan that knows the keys and string formats costs less.
 * The runtime (codegen/parser-runtime.ts) is copied in so the cursor stays module-local.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FieldModel, MessageModel, SchemaModel } from "./ir.js";
import { FORMAT_PATTERNS } from "./json-schema.js";

/** Masks are 31-bit integers; a message with more fields gets no parser (none has today). */
const MAX_FIELDS = 30;

class Emitter {
  readonly helpers: string[] = [];
  readonly #byBody = new Map<string, string>();
  readonly #constants = new Map<string, string>();

  /** A module constant (deduplicated by its literal). */
  constant(literal: string): string {
    let name = this.#constants.get(literal);
    if (!name) {
      name = `K${this.#constants.size}`;
      this.#constants.set(literal, name);
      this.helpers.push(`const ${name} = ${literal};`);
    }
    return name;
  }

  /** A helper function (deduplicated by its body); returns a call to it. */
  helper(prefix: string, body: string): string {
    let name = this.#byBody.get(body);
    if (!name) {
      name = `${prefix}${this.#byBody.size}`;
      this.#byBody.set(body, name);
      // A map helper remembers its keys (see cachedMapKey in the runtime).
      if (body.includes("__KEYS__")) this.helpers.push(`const ${name}Keys: string[] = [];`);
      this.helpers.push(`function ${name}(): unknown {\n${body.replaceAll("__KEYS__", `${name}Keys`)}\n}`);
    }
    return `${name}()`;
  }

  scalar(owner: string, f: FieldModel): string {
    const t = f.type;
    switch (t.kind) {
      case "string": {
        const allowed = f.constValue !== undefined ? [f.constValue] : f.enumValues;
        if (allowed) {
          const escaped = allowed.find((v) => [...v].some((ch) => ch === '"' || ch === "\\" || ch.charCodeAt(0) < 0x20));
          if (escaped !== undefined)
            throw new Error(`${owner}.${f.key}: allowed value ${JSON.stringify(escaped)} needs escaping in JSON; the parser matches allowed values in place`);
          if (f.format) {
            const re = new RegExp(FORMAT_PATTERNS[f.format === "decimal" && f.min === 0 ? "udecimal" : f.format].output, "u");
            const odd = allowed.find((v) => !re.test(v));
            if (odd !== undefined) throw new Error(`${owner}.${f.key}: allowed value ${JSON.stringify(odd)} does not match its format`);
          }
          return `oneOf(${this.constant(JSON.stringify(allowed))})`;
        }
        switch (f.format) {
          case undefined:
            return "str()";
          case "decimal":
            return `decimal(${f.min === 0 ? "false" : "true"})`;
          case "address":
            return "hex(40)";
          case "cloid":
            return "hex(32)";
          case "hash":
            return "hex(64)";
          case "hex":
            return "hex(-1)";
        }
        break;
      }
      case "bool":
        return "bool()";
      case "int": {
        const min = f.min ?? (t.unsigned ? 0 : undefined);
        return `int(${min ?? "-Infinity"}, ${f.max ?? "Infinity"})`;
      }
      case "double":
        return "num()";
      case "message":
        return `p${t.name}()`;
      case "any":
        return "any()";
    }
    throw new Error(`${owner}.${f.key}: no parser for ${JSON.stringify(t)}`);
  }

  /** An expression that parses the field's value. */
  value(owner: string, f: FieldModel): string {
    const base = this.scalar(owner, f);
    let expr = base;
    if (f.repeated) {
      expr = this.helper(
        "array",
        [
          `  expect(91);`,
          `  const out: unknown[] = [];`,
          `  if (s.charCodeAt(i) === 93) { i++; return out; }`,
          `  for (;;) {`,
          `    out.push(${base});`,
          `    const c = s.charCodeAt(i++);`,
          `    if (c === 93) return out;`,
          `    if (c !== 44) bailAt(i - 1, '"," or "]"');`,
          `  }`,
        ].join("\n"),
      );
    } else if (f.map) {
      expr = this.helper(
        "map",
        [
          `  expect(123);`,
          `  if (s.charCodeAt(i) === 125) { i++; return {}; }`,
          `  const out = mapObject(__KEYS__.length);`,
          `  for (let n = 0; ; n++) {`,
          `    const k = cachedMapKey(__KEYS__, n);`,
          `    out[k] = ${base};`,
          `    const c = s.charCodeAt(i++);`,
          `    if (c === 125) return out;`,
          `    if (c !== 44) bailAt(i - 1, '"," or "}"');`,
          `  }`,
        ].join("\n"),
      );
    }
    return f.nullable && f.type.kind !== "any" ? `(s.charCodeAt(i) === 110 ? nul() : ${expr})` : expr;
  }

  message(m: MessageModel): string {
    const head = `function p${m.name}(): unknown {`;
    switch (m.shape) {
      case "unwrap":
        return `${head}\n  return ${this.value(m.name, m.fields[0]!)};\n}`;
      case "union": {
        const lines = [head, `  const at = i;`];
        for (const f of m.fields) lines.push(`  try { return ${this.value(m.name, f)}; } catch (error) { if (error !== BAIL) throw error; i = at; }`);
        lines.push(`  return bail("one of the allowed shapes");`, `}`);
        return lines.join("\n");
      }
      case "tuple": {
        const required = m.fields.filter((f) => !f.optional).length;
        const lines = [head, `  expect(91);`, `  const out: unknown[] = [];`];
        m.fields.forEach((f, index) => {
          if (index >= required) lines.push(`  if (s.charCodeAt(i) === 93) { i++; return out; }`);
          if (index > 0) lines.push(`  expect(44);`);
          lines.push(`  out.push(${this.value(m.name, f)});`);
        });
        lines.push(`  expect(93);`, `  return out;`, `}`);
        return lines.join("\n");
      }
      case "object": {
        if (m.fields.length > MAX_FIELDS) return `${head}\n  return bail("a message of at most ${MAX_FIELDS} fields (parser limit)");\n}`;
        const keys = this.constant(JSON.stringify(m.fields.map((f) => f.key)));
        // Learnt key order (see `key`): starts as the schema's order.
        const next = `N${m.name}`;
        this.helpers.push(`const ${next} = Int8Array.from(${JSON.stringify([...m.fields.keys(), m.fields.length])});`);
        // `{}` has 4 in-object slots; bigger messages get a sized constructor (see `shape`).
        const ctor = `O${m.name}`;
        const small = m.fields.length <= 4;
        if (!small) this.helpers.push(`const ${ctor} = shape(function (never) { if (never) { ${m.fields.map((_, n) => `this.s${n} = 0;`).join(" ")} } });`);
        let required = 0;
        m.fields.forEach((f, k) => {
          if (!f.optional && !f.oneof) required |= 1 << k;
        });
        const lines = [
          head,
          `  expect(123);`,
          small ? `  const o: Record<string, unknown> = {};` : `  const o = new ${ctor}(false);`,
          `  let seen = 0;`,
          `  let k = -1;`,
          `  if (s.charCodeAt(i) === 125) i++;`,
          `  else for (;;) {`,
          `    k = key(${keys}, ${next}, k);`,
          `    switch (k) {`,
        ];
        m.fields.forEach((f, index) => {
          const bit = 1 << index;
          lines.push(
            `      case ${index}: if (seen & ${bit}) bail("no duplicate key"); seen |= ${bit}; o[${JSON.stringify(f.key)}] = ${this.value(m.name, f)}; break;`,
          );
        });
        // Requests reject unknown keys (they would change a signed hash); responses keep them, as JSON.parse does.
        lines.push(m.input ? `      default: bail("no such field (unknown keys change the signed hash)");` : `      default: o[lastKey] = any();`);
        lines.push(`    }`, `    const c = s.charCodeAt(i++);`, `    if (c === 125) break;`, `    if (c !== 44) bailAt(i - 1, '"," or "}"');`, `  }`);
        if (required) lines.push(`  if ((seen & ${required}) !== ${required}) missing(${keys}, seen, ${required});`);
        for (const o of m.oneofs) {
          let mask = 0;
          for (const member of o.members) mask |= 1 << m.fields.findIndex((f) => f.key === member);
          lines.push(`  { const present = seen & ${mask}; if (present === 0 || (present & (present - 1)) !== 0) notOne(${keys}, ${mask}); }`);
        }
        lines.push(`  return o;`, `}`);
        return lines.join("\n");
      }
    }
  }
}

/** `roots` and every message their fields refer to (a response may embed a request message). */
function reachable(model: SchemaModel, roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const f of model.messages.get(name)!.fields) if (f.type.kind === "message") visit(f.type.name);
  };
  roots.forEach(visit);
  return [...seen].sort();
}

/** Messages that can contain themselves (frontendOpenOrders' `children`): their parsers count depth. */
function recursive(model: SchemaModel, names: string[]): Set<string> {
  const out = new Set<string>();
  for (const root of names) {
    const seen = new Set<string>();
    const stack = [root];
    while (stack.length) {
      for (const f of model.messages.get(stack.pop()!)!.fields) {
        if (f.type.kind !== "message") continue;
        if (f.type.name === root) out.add(root);
        if (!seen.has(f.type.name)) {
          seen.add(f.type.name);
          stack.push(f.type.name);
        }
      }
    }
  }
  return out;
}

function runtimeSource(): string {
  const read = (name: string): string => readFileSync(fileURLToPath(new URL(name, import.meta.url)), "utf8");
  // Drop each file's own doc comment (the generated header replaces it), the Issue type (names.ts
  // has it), the explanations' imports of the runtime and the exports.
  return [read("./parser-runtime.ts"), read("./parser-explain.ts")]
    .map((text) =>
      text
        .replace(/^\/\*\*[\s\S]*?\*\/\n\n/, "")
        .replace(/^\/\*\* One problem found[\s\S]*?\n}\n\n/m, "")
        .replace(/^import [^\n]*\n/gm, "")
        .replace(/^export /gm, ""),
    )
    .join("\n// ---- explanations (codegen/parser-explain.ts) ----\n");
}

export function emitTsParsers(model: SchemaModel, header: string): string {
  const emitter = new Emitter();
  const names = [...model.messages.keys()].filter((n) => !model.messages.get(n)!.input).sort();
  const all = reachable(model, names);
  const deep = recursive(model, all);
  const bodies = all.map((n) => {
    const body = emitter.message(model.messages.get(n)!);
    if (!deep.has(n)) return body;
    // The schema bounds every other nesting; a recursive message counts its own (see MAX_DEPTH).
    const wrapper = `function p${n}(): unknown {\n  if (++depth > MAX_DEPTH) bail(DEEP);\n  const value = p${n}Body();\n  depth--;\n  return value;\n}`;
    return `${wrapper}\n${body.replace(`function p${n}(`, `function p${n}Body(`)}`;
  });
  return [
    header,
    `/* eslint-disable */`,
    `import type { Issue, MessageName } from "./names.js";\n`,
    `// ---- runtime (codegen/parser-runtime.ts) ----`,
    runtimeSource(),
    `// ---- schema constants and shared helpers ----`,
    ...emitter.helpers,
    `\n// ---- one parser per message the API sends ----`,
    ...bodies,
    ``,
    `const PARSERS: Partial<Record<MessageName, () => unknown>> = {`,
    ...names.map((n) => `  ${n}: p${n},`),
    `};\n`,
    `export { MAX_DEPTH, type Explained };\n`,
    `/** True when \`name\` has a single-pass parser (messages the API sends; requests have none). */`,
    `export function hasParser(name: MessageName): boolean {\n  return PARSERS[name] !== undefined;\n}\n`,
    `/**`,
    ` * Parses \`text\` as the schema message \`name\` and checks it in one pass. Returns exactly what`,
    ` * JSON.parse(text) returns when the text is compact JSON that satisfies the schema; returns`,
    ` * undefined for anything else ({@link explain} then says what is wrong).`,
    ` */`,
    `export function parseChecked(name: MessageName, text: string): unknown {\n  const fn = PARSERS[name];\n  return fn ? run(fn, text) : undefined;\n}\n`,
    `/**`,
    ` * Parses \`text\` as \`name\` and, when it does not satisfy the schema, says why: the JSON path,`,
    ` * the value there and what is allowed. Valid JSON that is merely not compact is accepted (slow`,
    ` * path). Undefined when \`name\` has no parser.`,
    ` */`,
    `export function explain(name: MessageName, text: string): Explained | undefined {\n  const fn = PARSERS[name];\n  return fn ? explainText(fn, text) : undefined;\n}\n`,
    `/** Checks a value against \`name\` through its parser (of its compact JSON); [] when valid, undefined without a parser. */`,
    `export function checkValue(name: MessageName, value: unknown): Issue[] | undefined {\n  const fn = PARSERS[name];\n  return fn ? explainValue(fn, value) : undefined;\n}\n`,
    `/**`,
    ` * Like {@link parseChecked} for one value starting at offset \`at\` of \`text\` (e.g. the "data" of a`,
    ` * WebSocket frame); {@link parsedEnd} then gives the offset after it.`,
    ` */`,
    `export function parseCheckedAt(name: MessageName, text: string, at: number): unknown {\n  const fn = PARSERS[name];\n  return fn ? runAt(fn, text, at) : undefined;\n}\n`,
    `/** Offset after the value the last {@link parseCheckedAt} returned. */`,
    `export function parsedEnd(): number {\n  return i;\n}\n`,
  ].join("\n");
}
