/**
 * fast-check arbitraries derived from generated/schema.json, so property tests cover every
 * message the schema has — including ones added later — without hand-written generators.
 */
import fc from "fast-check";
import schemaJson from "../../generated/schema.json" with { type: "json" };

type Schema = Record<string, unknown>;
export const schema = schemaJson as unknown as {
  defs: Record<string, Schema>;
  exchange: { type: string; action: string; signing: "l1" | "userSigned"; primaryType?: string; eip712?: { name: string; type: string }[] }[];
  info: { type: string; request: string; response: string }[];
  explorer: { type: string; request: string; response: string }[];
  subscriptions: { type: string; request: string; message: string }[];
};

const hex = (bytes: number): fc.Arbitrary<string> => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString("hex")}`);

/** Canonical decimal strings: "0", "12.5", "0.00012345", up to 8 decimals. */
export const decimalArb: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 9n })), fc.integer({ min: 0, max: 8 }))
  .map(([units, decimals]) => {
    const s = units.toString().padStart(decimals + 1, "0");
    const whole = decimals ? s.slice(0, -decimals) : s;
    const frac = decimals ? s.slice(-decimals).replace(/0+$/, "") : "";
    return frac ? `${whole}.${frac}` : whole;
  });

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  decimal: decimalArb,
  address: hex(20),
  cloid: hex(16),
  hash: hex(32),
  hex: fc.constantFrom("0x66eee", "0xa4b1", "0x1", "0x3e7"),
};

export interface ArbOptions {
  /** How deep `$ref`s may nest before optional parts are left out. */
  maxDepth?: number;
}

export function arbitraryOf(name: string, options: ArbOptions = {}): fc.Arbitrary<unknown> {
  return fromSchema({ $ref: `#/defs/${name}` }, options.maxDepth ?? 6);
}

function fromSchema(s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (typeof s.$ref === "string") {
    const name = s.$ref.replace("#/defs/", "");
    const def = schema.defs[name];
    if (!def) throw new Error(`no def ${name}`);
    return fc.constant(null).chain(() => fromSchema(def, depth - 1));
  }
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if (Array.isArray(s.anyOf))
    return fc.oneof(...(s.anyOf as Schema[]).filter((x) => depth > 0 || x.type === "null" || !x.$ref).map((x) => fromSchema(x, depth)));
  switch (s.type) {
    case "string":
      return typeof s["x-format"] === "string" ? FORMATS[s["x-format"]]! : fc.string({ minLength: 1, maxLength: 12 }).filter((x) => x.trim() === x);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "integer": {
      const min = typeof s.minimum === "number" ? s.minimum : 0;
      const max = typeof s.maximum === "number" ? Math.min(s.maximum, 2 ** 48) : 2 ** 48;
      return fc.oneof(fc.integer({ min, max: Math.min(max, min + 1000) }), fc.integer({ min, max }));
    }
    case "number":
      return fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
    case "array": {
      if (Array.isArray(s.prefixItems)) return fc.tuple(...(s.prefixItems as Schema[]).map((x) => fromSchema(x, depth)));
      return fc.array(fromSchema(s.items as Schema, depth), { minLength: depth > 0 ? 1 : 0, maxLength: depth > 0 ? 3 : 0 });
    }
    case "object":
      return objectArb(s, depth);
    default:
      // Free-form JSON (google.protobuf.Value): a small plain object.
      return fc.constant({ type: "noop" });
  }
}

function objectArb(s: Schema, depth: number): fc.Arbitrary<unknown> {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  if (!s.properties && s.additionalProperties) {
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fromSchema(s.additionalProperties as Schema, depth), { maxKeys: 3 });
  }
  const required = new Set((s.required ?? []) as string[]);
  const oneOfGroups: string[][] = [];
  const collect = (x: Schema): void => {
    if (Array.isArray(x.oneOf)) oneOfGroups.push((x.oneOf as Schema[]).map((o) => (o.required as string[])[0]!));
  };
  collect(s);
  for (const a of (s.allOf ?? []) as Schema[]) collect(a);
  const keyed = new Set(oneOfGroups.flat());
  const choices = fc.tuple(...oneOfGroups.map((g) => fc.constantFrom(...g)));
  return choices.chain((chosen) => {
    const parts: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, sub] of Object.entries(props)) {
      if (keyed.has(key)) {
        if (chosen.includes(key)) parts[key] = fromSchema(sub, depth);
      } else if (required.has(key)) parts[key] = fromSchema(sub, depth);
      else if (depth > 0) parts[key] = fc.option(fromSchema(sub, depth), { nil: undefined });
    }
    // Rebuild in schema order without absent keys, as a client would send it.
    return fc.record(parts).map((r) => {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(props)) if ((r as Record<string, unknown>)[key] !== undefined) out[key] = (r as Record<string, unknown>)[key];
      return out;
    });
  });
}
