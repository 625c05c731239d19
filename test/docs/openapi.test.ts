/**
 * openapi/openapi.json: one operation per request type with a request and a response example,
 * each valid against its schema (ajv over the document's own schemas, and the schema.json
 * oracle); the discriminator maps every type; error answers, tags and signing are documented.
 */
import { describe, expect, it } from "vitest";
import { explorerEndpoints, infoEndpoints } from "../../generated/ts/registry.js";
import { actionSpecs } from "../../generated/ts/actions.js";
import { oracleErrors } from "../schema/ajv-oracle.js";
import { docValidator, placeholders, readDoc, type Obj } from "./openapi-doc.js";

const doc = readDoc("openapi.json");
const paths = doc.paths as Record<string, { post?: Obj; get?: Obj }>;
const compile = docValidator(doc, "openapi");
type Spec = { request?: string; message?: string; response: string };
const KINDS = { info: infoEndpoints, explorer: explorerEndpoints, exchange: actionSpecs } as unknown as Record<string, Record<string, Spec>>;

interface Case {
  kind: string;
  type: string;
  op: Obj;
}
const cases: Case[] = Object.entries(KINDS).flatMap(([kind, table]) =>
  Object.keys(table).map((type) => ({ kind, type, op: paths[`/${kind}#${type}`]?.post as Obj })),
);

const json = (content: unknown): Obj => (content as Record<string, Obj>)["application/json"]!;

function errorsOf(schema: Obj, value: unknown): unknown[] {
  const fn = compile(schema);
  return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

describe("openapi.json", () => {
  it("has an operation for every request type (140 types)", () => {
    expect(cases.length).toBe(Object.values(KINDS).reduce((n, t) => n + Object.keys(t).length, 0));
    for (const c of cases) expect(c.op, `${c.kind} ${c.type}`).toBeDefined();
  });

  it.each(cases.map((c) => [`${c.kind} ${c.type}`, c] as const))("%s: request and response examples are valid", (_name, { kind, type, op }) => {
    const body = json((op.requestBody as Obj).content);
    expect(body.example, "request example").toBeDefined();
    expect(errorsOf(body.schema as Obj, body.example)).toEqual([]);
    const spec = KINDS[kind]![type]!;
    const requestName = spec.request ?? spec.message;
    const action = kind === "exchange" ? (body.example as Obj).action : body.example;
    if (requestName) expect(oracleErrors(requestName, action), "oracle: request").toEqual([]);
    const ok = json(((op.responses as Obj)["200"] as Obj).content);
    const examples = ok.examples ? Object.values(ok.examples as Record<string, { value: unknown }>).map((e) => e.value) : [ok.example];
    expect(examples.length).toBeGreaterThan(0);
    for (const value of examples) {
      expect(value, "response example").toBeDefined();
      expect(errorsOf(ok.schema as Obj, value)).toEqual([]);
      expect(oracleErrors(spec.response, value), "oracle: response").toEqual([]);
    }
    expect(placeholders([body.example, examples]), "placeholder strings").toEqual([]);
  });

  it("maps every type in the discriminator of its multiplexed operation", () => {
    for (const [kind, table] of Object.entries(KINDS)) {
      const body = json(((paths[`/${kind}`]!.post as Obj).requestBody as Obj).content);
      const schema = body.schema as Obj;
      const union = (kind === "exchange" ? ((schema.properties as Obj).action as Obj) : schema) as {
        discriminator: { propertyName: string; mapping: Record<string, string> };
      };
      expect(union.discriminator.propertyName).toBe("type");
      expect(Object.keys(union.discriminator.mapping).sort()).toEqual(Object.keys(table).sort());
      for (const target of Object.values(union.discriminator.mapping))
        expect((doc.components as { schemas: Obj }).schemas[target.split("/").pop()!]).toBeDefined();
      // Each type's example is offered by name (Swagger UI's example picker).
      expect(Object.keys(body.examples as Obj).sort()).toEqual(Object.keys(table).sort());
    }
  });

  it("documents the error answers of every POST operation", () => {
    for (const [path, item] of Object.entries(paths)) {
      if (!item.post) continue;
      const responses = item.post.responses as Record<string, { description: string; content?: unknown }>;
      for (const status of ["400", "422", "429", "500"]) expect(responses[status]?.description, `${path} ${status}`).toBeTruthy();
      expect((responses["422"]!.content as Record<string, { example: string }>)["text/plain"]!.example).toMatch(/deserialize/);
    }
    const order = (paths["/exchange#order"]!.post!.responses as Obj)["200"] as Obj;
    const err = (json(order.content).examples as Record<string, { value: Obj }>).err!.value;
    expect(err.status).toBe("err");
  });

  it("tags operations info, exchange, explorer, websocket, staking and deploy, each used", () => {
    const names = (doc.tags as { name: string; description: string }[]).map((t) => t.name);
    expect(names.sort()).toEqual(["deploy", "exchange", "explorer", "info", "staking", "websocket"]);
    const used = new Set(Object.values(paths).flatMap((item) => Object.values(item).flatMap((op) => (op as { tags: string[] }).tags)));
    for (const n of names) expect(used.has(n), n).toBe(true);
    expect((paths["/exchange#tokenDelegate"]!.post!.tags as string[])[0]).toBe("staking");
    expect((paths["/exchange#perpDeploy"]!.post!.tags as string[])[0]).toBe("deploy");
  });

  it("links every exchange type to the security scheme of its signing kind", () => {
    const schemes = (doc.components as { securitySchemes: Record<string, { description: string }> }).securitySchemes;
    expect(Object.keys(schemes).sort()).toEqual(["l1Action", "userSignedAction"]);
    for (const [type, spec] of Object.entries(actionSpecs as Record<string, { signing: string }>)) {
      const op = paths[`/exchange#${type}`]!.post!;
      const scheme = spec.signing === "l1" ? "l1Action" : "userSignedAction";
      expect(op.security, type).toEqual([{ [scheme]: [] }]);
      expect(op.description as string).toContain(`#section/Authentication/${scheme}`);
      expect(op["x-hl-signing"]).toBe(spec.signing);
    }
    expect(schemes.l1Action!.description).toMatch(/phantom agent[\s\S]*msgpack[\s\S]*connectionId/);
    expect(schemes.userSignedAction!.description).toMatch(/HyperliquidSignTransaction/);
  });
});
