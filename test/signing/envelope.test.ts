/** Which actions' signatures cover vaultAddress / expiresAfter, as the schema's l1_envelope says. */
import { describe, expect, it } from "vitest";
import { actionSpecs, type ActionType } from "../../generated/ts/actions.js";
import { completeEnvelope, envelopeIssues, usesL1Envelope } from "../../src/signing/envelope.js";

const VAULT = "0x1719884eb866cb12b2287399b15f7db5e7d775ea";
const types = Object.keys(actionSpecs) as ActionType[];

describe("the L1 envelope", () => {
  it("is carried by every L1 action and, of the user-signed ones, by the hybrid multiSig alone", () => {
    expect(types.filter((t) => actionSpecs[t].signing === "l1").every(usesL1Envelope)).toBe(true);
    expect(types.filter((t) => actionSpecs[t].signing === "userSigned" && usesL1Envelope(t))).toEqual(["multiSig"]);
  });

  it("keeps vault and expiry on multiSig and an order, and nulls them on usdSend", () => {
    const ctx = { isMainnet: false, nonce: 1_700_000_000_000, vaultAddress: VAULT, expiresAfter: 1_700_000_060_000 };
    for (const type of ["multiSig", "order"] as const)
      expect(completeEnvelope(type, {}, ctx)).toMatchObject({ vaultAddress: VAULT, expiresAfter: ctx.expiresAfter });
    expect(completeEnvelope("usdSend", { destination: VAULT, amount: "1" }, ctx)).toMatchObject({ vaultAddress: null, expiresAfter: null });
  });

  it("checks the chain and nonce inside a user-signed action, but not inside multiSig (they are in its signed message)", () => {
    const base = { nonce: 5, isMainnet: true };
    expect(envelopeIssues({ ...base, action: { type: "usdSend", hyperliquidChain: "Testnet", time: 4 } }, "userSigned")).toMatchObject([
      { path: "action.hyperliquidChain", value: "Testnet" },
      { path: "action.time", value: 4 },
    ]);
    expect(envelopeIssues({ ...base, action: { type: "multiSig", signatureChainId: "0x66eee", signatures: [], payload: {} } }, "userSigned")).toEqual([]);
  });
});
