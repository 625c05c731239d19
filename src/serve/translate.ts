/**
 * One generic translator between protobuf-es messages and the Hyperliquid JSON wire, driven by
 * the schema's custom options (docs/schema.md) read from the message descriptors: shapes
 * (object, tuple, unwrap, union), keyed oneofs, consts, nullable fields, 64-bit integers
 * (bigint in protobuf-es, JSON integers on the wire), maps and google.protobuf.Value.
 * No method has code of its own: every request and response goes through these two functions.
 *
 * What proto cannot carry (documented in docs/serve.md): a nullable field's null is "no value"
 * (an unset field; for a field without presence its zero value or empty list), so on the way
 * out an unset `optional` nullable field is left out and a required one is written as null.
 * Response keys the schema does not know are dropped.
 */
export { TranslateError } from "./translate-core.js";
export { toProto } from "./translate-in.js";
export { toWire, type ToWireOptions } from "./translate-out.js";
