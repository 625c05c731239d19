/**
 * The TypeScript side of the Python models' round-trip test (python-bindings/tests/test_models_roundtrip.py).
 * One JSON line in per case, {"name": "hl.v1.OrderAction", "b64": <protobuf binary>}, one line out:
 * {"issues": [...], "wire": ..., "b64": ...}: the binary decoded by protobuf-es, translated to the
 * JSON wire by the server's own translator (src/serve/translate.ts), checked by the SDK's generated
 * checkers (generated/ts/validate.ts), translated back and encoded again.
 */
import { createInterface } from "node:readline";
import { fromBinary, toBinary, type DescMessage } from "@bufbuild/protobuf";
import { ExchangeService } from "../../../generated/connect/hl/v1/exchange_service_pb.js";
import { InfoService } from "../../../generated/connect/hl/v1/info_service_pb.js";
import { SubscriptionService } from "../../../generated/connect/hl/v1/subscription_service_pb.js";
import type { MessageName } from "../../../generated/ts/names.js";
import { validate } from "../../../generated/ts/validate.js";
import { toProto, toWire } from "../../../src/serve/translate.js";

const messages = new Map<string, DescMessage>();
const visit = (d: DescMessage): void => {
  if (messages.has(d.typeName)) return;
  messages.set(d.typeName, d);
  for (const f of d.fields) if (f.message) visit(f.message);
};
for (const s of [InfoService, ExchangeService, SubscriptionService]) for (const m of s.methods) [m.input, m.output].forEach(visit);

for await (const line of createInterface({ input: process.stdin, terminal: false })) {
  const { name, b64 } = JSON.parse(line) as { name: string; b64: string };
  const desc = messages.get(name);
  let out: unknown;
  try {
    if (!desc) throw new Error(`unknown message ${name}`);
    const wire = toWire(desc, fromBinary(desc, Buffer.from(b64, "base64")));
    const issues = validate(desc.name as MessageName, wire);
    out = { issues, wire, b64: Buffer.from(toBinary(desc, toProto(desc, wire))).toString("base64") };
  } catch (e) {
    out = { error: e instanceof Error ? e.message : String(e) };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}
