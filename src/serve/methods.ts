/**
 * The wire type of every rpc, read from its request message: the const of the `type` field
 * (docs/schema.md: "the request's const type field is the wire type").
 */
import { getOption, hasOption, type DescMessage, type DescMethod, type DescService } from "@bufbuild/protobuf";
import { field as fieldOption } from "../../generated/connect/hl/options/v1/options_pb.js";

/** The const `type` of a request message, or undefined when it has none. */
export function wireTypeOf(desc: DescMessage): string | undefined {
  const type = desc.fields.find((f) => f.jsonName === "type");
  if (!type || !hasOption(type, fieldOption)) return undefined;
  return getOption(type, fieldOption).const || undefined;
}

/** Method -> wire type for every method of `service` (a method without one is an error in the schema). */
export function wireTypes(service: DescService): Map<DescMethod, string> {
  const out = new Map<DescMethod, string>();
  for (const m of service.methods) {
    const t = wireTypeOf(m.input);
    if (!t) throw new Error(`${service.typeName}.${m.name}: request ${m.input.typeName} has no const "type" field`);
    out.set(m, t);
  }
  return out;
}
