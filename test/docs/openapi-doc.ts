/**
 * Test helpers over the published documents: openapi/openapi.json and openapi/asyncapi.json
 * read from disk, and ajv (the test oracle) compiled over a document's own schemas, so an
 * example is checked against exactly the schema a reader of the document sees, in the
 * document's own JSON Schema dialect.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";

export type Obj = Record<string, unknown>;

export function readDoc(name: "openapi.json" | "asyncapi.json"): Obj {
  return JSON.parse(readFileSync(new URL(`../../openapi/${name}`, import.meta.url), "utf8")) as Obj;
}

/**
 * A validator of schemas that `$ref` into `doc` (e.g. "#/components/schemas/X"): the document
 * is added to ajv under an id and every local reference is rewritten to point into it.
 */
export function docValidator(doc: Obj, id: string, dialect: "2020-12" | "draft-07" = "2020-12"): (schema: Obj) => ValidateFunction {
  const options = { strict: false, allErrors: true, validateSchema: false };
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; AsyncAPI's default dialect extends draft-07.
  const ajv = dialect === "2020-12" ? new Ajv2020(options) : new Ajv(options);
  const components = doc.components as Obj;
  const rebase = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rebase);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === "$ref" && typeof x === "string" && x.startsWith("#/") ? `${id}${x}` : rebase(x)]));
    return v;
  };
  ajv.addSchema({ $id: id, components: rebase({ schemas: components.schemas }) as Obj }, id);
  return (schema) => ajv.compile(rebase(schema) as Obj);
}

/** Every string in `value` that only repeats its own key ("name": "name"): a placeholder. */
export function placeholders(value: unknown, key?: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => placeholders(v, key));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => placeholders(v, k));
  return typeof value === "string" && key !== undefined && value === key ? [key] : [];
}
