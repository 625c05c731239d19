/**
 * The worked signing examples in openapi.json (security schemes) are what the SDK computes
 * today, and each step follows from the previous one by an independent computation: msgpack
 * decodes back to the action, keccak of the hashed bytes is the connectionId, the typed data
 * hashes to the digest, and the signature recovers the signer.
 */
import { readFileSync } from "node:fs";
import { decode } from "@msgpack/msgpack";
import { hashTypedData, keccak256, recoverTypedDataAddress, type TypedDataDefinition } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { SIGNING_EXAMPLES_PATH, workedExamples, type WorkedExample } from "../../scripts/signing-examples.js";
import { readDoc } from "./openapi-doc.js";

const checkedIn = JSON.parse(readFileSync(SIGNING_EXAMPLES_PATH, "utf8")) as WorkedExample[];
const schemes = (readDoc("openapi.json").components as { securitySchemes: Record<string, { description: string; "x-hl-worked-example": unknown }> })
  .securitySchemes;

describe("signing worked examples", () => {
  it("schema/examples/signing.json is what the SDK computes (rerun scripts/signing-examples.ts if not)", async () => {
    expect(checkedIn).toEqual(await workedExamples());
  });

  it("openapi.json carries them in its two security schemes", () => {
    expect(schemes.l1Action!["x-hl-worked-example"]).toEqual(checkedIn.find((e) => e.scheme === "l1"));
    expect(schemes.userSignedAction!["x-hl-worked-example"]).toEqual(checkedIn.find((e) => e.scheme === "userSigned"));
    for (const e of checkedIn) {
      const text = schemes[e.scheme === "l1" ? "l1Action" : "userSignedAction"]!.description;
      for (const step of [e.digest, e.signature.r, ...(e.connectionId ? [e.connectionId, e.msgpackHex!] : [])]) expect(text).toContain(step);
    }
  });

  it.each(checkedIn.map((e) => [e.scheme, e] as const))("%s: every step follows from the one before", async (_s, e) => {
    expect(privateKeyToAccount(e.privateKey as `0x${string}`).address.toLowerCase()).toBe(e.signer.toLowerCase());
    if (e.scheme === "l1") {
      expect(decode(Buffer.from(e.msgpackHex!.slice(2), "hex"))).toEqual(e.action);
      const tail = Buffer.alloc(9);
      tail.writeBigUInt64BE(BigInt(e.nonce));
      expect(e.hashedBytesHex).toBe(e.msgpackHex + tail.toString("hex"));
      expect(keccak256(e.hashedBytesHex as `0x${string}`)).toBe(e.connectionId);
      expect((e.typedData as { message: { connectionId: string } }).message.connectionId).toBe(e.connectionId);
    } else {
      expect((e.typedData as { message: unknown }).message).toMatchObject({ destination: (e.action as { destination: string }).destination });
    }
    const typed = e.typedData as TypedDataDefinition;
    expect(hashTypedData(typed)).toBe(e.digest);
    const { r, s, v } = e.signature;
    const signature = `0x${r.slice(2).padStart(64, "0")}${s.slice(2).padStart(64, "0")}${v.toString(16)}` as `0x${string}`;
    expect((await recoverTypedDataAddress({ ...typed, signature })).toLowerCase()).toBe(e.signer.toLowerCase());
    expect(e.request).toEqual({ action: e.action, nonce: e.nonce, signature: e.signature });
  });
});
