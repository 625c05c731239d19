/**
 * An independent checker for tests: ajv compiled at test time from generated/schema.json (the
 * SDK itself ships no ajv code for responses). The parsers' verdicts and explanations are
 * cross-checked against it.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";

const schema = JSON.parse(readFileSync(new URL("../../generated/schema.json", import.meta.url), "utf8")) as { defs: Record<string, unknown> };
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
ajv.addSchema({ $id: "hl", $defs: JSON.parse(JSON.stringify(schema.defs).replaceAll('"#/defs/', '"#/$defs/')) as Record<string, unknown> }, "hl");
const cache = new Map<string, ValidateFunction>();

function compiled(name: string): ValidateFunction {
  let fn = cache.get(name);
  if (!fn) {
    fn = ajv.getSchema(`hl#/$defs/${name}`)!;
    cache.set(name, fn);
  }
  return fn;
}

/** ajv's errors for `value` as `name` ([] when valid), with paths in the SDK's `a.b[0]` form. */
export function oracleErrors(name: string, value: unknown): { path: string; keyword: string }[] {
  const fn = compiled(name);
  if (fn(value)) return [];
  return (fn.errors ?? []).map((e: ErrorObject) => {
    const parts =
      e.instancePath === ""
        ? []
        : e.instancePath
            .slice(1)
            .split("/")
            .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (e.keyword === "required") parts.push(String((e.params as { missingProperty: string }).missingProperty));
    if (e.keyword === "additionalProperties") parts.push(String((e.params as { additionalProperty: string }).additionalProperty));
    return { path: parts.map((p, n) => (/^\d+$/.test(p) ? `[${p}]` : n === 0 ? p : `.${p}`)).join(""), keyword: e.keyword };
  });
}
