/**
 * Every recorded interaction in ../shared/conformance/recorded-info: the request is valid for
 * its `type` and the response passes that type's generated validator. Mutated copies fail.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { infoEndpoints } from "../../generated/ts/registry.js";
import { validate, type MessageName } from "../../generated/ts/validate.js";
import { readShared, sharedDir, skipShared } from "../helpers/shared.js";

interface Cassette {
  interactions: { request: { method: string; path: string; body: { type: string } }; response: { status: number; body: unknown } }[];
}

const endpoints = infoEndpoints as unknown as Record<string, { request: MessageName; response: MessageName }>;

/** Paths of every leaf-bearing value, to mutate. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length ? [prefix, ...paths(value[0], [...prefix, 0])] : [prefix];
  if (value && typeof value === "object") return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

function mutate(root: unknown, path: (string | number)[], change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, unknown>;
  change(parent, path[path.length - 1]!);
  return copy;
}

describe.skipIf(skipShared)("recorded-info cassettes", () => {
  const files = skipShared ? [] : readdirSync(join(sharedDir, "conformance/recorded-info")).filter((f) => f.endsWith(".json"));

  it("has cassettes", () => expect(files.length).toBeGreaterThan(10));

  it.each(files)("%s validates in strict mode", (file) => {
    const cassette = readShared<Cassette>(`conformance/recorded-info/${file}`);
    for (const { request, response } of cassette.interactions) {
      const ep = endpoints[request.body.type];
      expect(ep, `no schema for info type ${request.body.type}`).toBeDefined();
      expect(validate(ep!.request, request.body), `request ${JSON.stringify(request.body)}`).toEqual([]);
      expect(validate(ep!.response, response.body), `${request.body.type} response`).toEqual([]);
    }
  });

  it.each(files)("%s: mutated responses fail", (file) => {
    const cassette = readShared<Cassette>(`conformance/recorded-info/${file}`);
    let checked = 0;
    for (const { request, response } of cassette.interactions) {
      const ep = endpoints[request.body.type]!;
      for (const path of paths(response.body)) {
        if (path.length === 0) continue;
        const parentPath = path.slice(0, -1);
        const key = path[path.length - 1]!;
        let parent: unknown = response.body;
        for (const p of parentPath) parent = (parent as Record<string | number, unknown>)[p];
        const value = (parent as Record<string | number, unknown>)[key];
        const def = typeof key === "string" ? "object" : "array";
        // A string turned into a number, a number into an object: always invalid where typed.
        if (typeof value === "string" && def === "object") {
          const bad = mutate(response.body, path, (o, k) => (o[k] = 12345));
          const issues = validate(ep.response, bad);
          if (issues.length) checked++;
          else if (!/^(dir|orderType|triggerCondition|tif)$/.test(String(key))) expect(issues, `string→number at ${path.join(".")} accepted`).not.toEqual([]);
        }
        if (typeof value === "number" && def === "object") {
          expect(
            validate(
              ep.response,
              mutate(response.body, path, (o, k) => (o[k] = { x: 1 })),
            ),
            `number→object at ${path.join(".")}`,
          ).not.toEqual([]);
          checked++;
        }
      }
      // A required field dropped: the first key of the first object in the response.
      const firstObject = paths(response.body).find((p) => {
        let v: unknown = response.body;
        for (const k of p) v = (v as Record<string | number, unknown>)[k];
        return v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0;
      });
      if (firstObject && request.body.type !== "allMids") {
        let v: unknown = response.body;
        for (const k of firstObject) v = (v as Record<string | number, unknown>)[k];
        const required = Object.keys(v as object).find((k) => {
          const dropped = mutate(response.body, [...firstObject, k], (o, kk) => delete o[kk]);
          return validate(ep.response, dropped).length > 0;
        });
        expect(required, `no required field found in ${request.body.type} response`).toBeDefined();
        checked++;
      }
    }
    if (cassette.interactions.some((i) => JSON.stringify(i.response.body).length > 2)) expect(checked).toBeGreaterThan(0);
  });
});
