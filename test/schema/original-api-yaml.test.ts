/**
 * The schema agrees with the OpenAPI YAML of the original Python SDK's api/ folder
 * (../shared/conformance/original-api-yaml): same request types and parameters, and the
 * documented response examples pass our validators.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import schemaJson from "../../generated/schema.json" with { type: "json" };
import { infoEndpoints } from "../../generated/ts/registry.js";
import { validate, type MessageName } from "../../generated/ts/validate.js";
import { sharedDir, skipShared } from "../helpers/shared.js";

type Obj = Record<string, unknown>;
const defs = schemaJson.defs as unknown as Record<string, Obj>;
const endpoints = infoEndpoints as unknown as Record<string, { request: MessageName; response: MessageName }>;

// The YAML predates the {coin, time, levels} l2Book response: it documents only `levels`.
const RESPONSE_PATH: Record<string, (body: unknown) => unknown> = { l2Book: (b) => (b as Obj).levels };

function jsonType(s: Obj | undefined): string | undefined {
  if (!s) return undefined;
  if (typeof s.type === "string") return s.type === "integer" ? "number" : s.type;
  if (typeof s.$ref === "string") return jsonType(defs[s.$ref.replace("#/defs/", "")]);
  if (Array.isArray(s.anyOf)) return jsonType((s.anyOf as Obj[]).find((x) => x.type !== "null"));
  return undefined;
}

describe.skipIf(skipShared)("original Python SDK api/ YAML", () => {
  const dir = join(sharedDir, "conformance/original-api-yaml/info");
  const files = skipShared ? [] : readdirSync(dir).filter((f) => f.endsWith(".yaml"));

  it.each(files)("%s", (file) => {
    const doc = parse(readFileSync(join(dir, file), "utf8")) as Obj;
    const post = ((doc.paths as Obj)["/info"] as Obj).post as Obj;
    const body = (((post.requestBody as Obj).content as Obj)["application/json"] as Obj) ?? {};
    const reqSchema = body.schema as Obj;
    const type = ((reqSchema.properties as Obj).type as Obj).enum as string[];
    const ep = endpoints[type[0]!];
    expect(ep, `schema has info type ${type[0]}`).toBeDefined();
    // Same parameters, same JSON types, same required-ness.
    const ours = defs[ep!.request]!;
    const ourProps = ours.properties as Record<string, Obj>;
    for (const [name, prop] of Object.entries(reqSchema.properties as Record<string, Obj>)) {
      expect(ourProps[name], `request parameter ${name}`).toBeDefined();
      if (prop.$ref) continue;
      expect(jsonType(ourProps[name]), `type of ${name}`).toBe(prop.type === "integer" ? "number" : prop.type);
    }
    for (const name of (reqSchema.required as string[] | undefined) ?? []) expect((ours.required as string[]).includes(name), `${name} required`).toBe(true);
    // The documented request example is a valid request.
    if (body.example) expect(validate(ep!.request, body.example)).toEqual([]);
    // The documented response example passes our response validator.
    const res = ((((post.responses as Obj)["200"] as Obj).content as Obj)["application/json"] as Obj) ?? {};
    const example = res.example ?? (res.schema as Obj | undefined)?.example;
    if (example !== undefined && type[0] !== "clearinghouseState") {
      const pick = RESPONSE_PATH[type[0]!];
      const ourResponse = pick ? ((defs[ep!.response]!.properties as Obj).levels as Obj) : undefined;
      if (pick) expect(jsonType(ourResponse)).toBe("array");
      else expect(validate(ep!.response, example), `${type[0]} response example`).toEqual([]);
    }
  });
});
