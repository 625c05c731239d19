/**
 * openapi/asyncapi.json (AsyncAPI 3.0): every subscription has its channel (the push channel),
 * a subscribe and a receive operation whose references resolve, and messages whose examples are
 * valid against their payload schemas (ajv over the document's schemas) and the schema oracle.
 */
import { describe, expect, it } from "vitest";
import { subscriptionEndpoints } from "../../generated/ts/registry.js";
import { oracleErrors } from "../schema/ajv-oracle.js";
import { docValidator, placeholders, readDoc, type Obj } from "./openapi-doc.js";

const doc = readDoc("asyncapi.json");
const compile = docValidator(doc, "asyncapi", "draft-07");
const endpoints = subscriptionEndpoints as unknown as Record<string, { request: string; message: string; channel: string }>;
const types = Object.keys(endpoints);

/** Follows a local `$ref` ("#/a/b") in the document. */
function resolve(ref: string): Obj {
  let at: unknown = doc;
  for (const part of ref.slice(2).split("/")) at = (at as Obj | undefined)?.[part];
  expect(at, ref).toBeDefined();
  return at as Obj;
}
const deref = (v: Obj): Obj => (typeof v.$ref === "string" ? deref(resolve(v.$ref)) : v);

describe("asyncapi.json", () => {
  it("is AsyncAPI 3.0 with servers for mainnet, testnet and the devnet", () => {
    expect(doc.asyncapi).toBe("3.0.0");
    expect(Object.keys(doc.servers as Obj).sort()).toEqual(["devnet", "mainnet", "testnet"]);
    expect(Object.keys(doc.channels as Obj).sort()).toEqual([...types].sort());
  });

  it.each(types)("%s: channel, operations and valid examples", (type) => {
    const e = endpoints[type]!;
    const channel = (doc.channels as Record<string, Obj>)[type]!;
    expect(channel.address).toBe(e.channel);
    const ops = doc.operations as Record<string, Obj>;
    const name = type.charAt(0).toUpperCase() + type.slice(1);
    const sub = ops[`subscribe${name}`]!;
    const recv = ops[`receive${name}`]!;
    expect(sub.action).toBe("send");
    expect(recv.action).toBe("receive");
    for (const op of [sub, recv]) expect(resolve((op.channel as Obj).$ref as string)).toBe(channel);
    const reply = sub.reply as { messages: Obj[] };
    expect(deref(reply.messages[0]!)).toBe(deref((channel.messages as Record<string, Obj>).data!));
    for (const [key, schemaName] of [
      ["subscribe", e.request],
      ["data", e.message],
    ] as const) {
      const message = deref((channel.messages as Record<string, Obj>)[key]!);
      const examples = message.examples as { payload: Obj }[];
      expect(examples.length, `${key} examples`).toBeGreaterThan(0);
      const validate = compile(message.payload as Obj);
      for (const { payload } of examples) {
        expect(validate(payload) ? [] : validate.errors, `${key} example`).toEqual([]);
        const inner = key === "subscribe" ? payload.subscription : payload.data;
        expect(oracleErrors(schemaName, inner), `oracle: ${schemaName}`).toEqual([]);
        expect(placeholders(inner)).toEqual([]);
      }
      if (key === "data") expect((examples[0]!.payload as { channel: string }).channel).toBe(e.channel);
      else expect(examples[0]!.payload.method).toBe("subscribe");
    }
  });
});
