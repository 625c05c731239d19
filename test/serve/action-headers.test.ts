import { describe, expect, it } from "vitest";
import { headerActionOptions } from "../../src/serve/actions.js";

const actionHeaders = (headers: Headers) => headerActionOptions("order", headers);
import { ValidationError } from "../../src/errors/base.js";

const h = (entries: Record<string, string>): Headers => new Headers(entries);

describe("headerActionOptions on an L1 action (per-call envelope options of ExchangeService)", () => {
  it("reads vault, expiry and nonce; absent headers leave the server's defaults", () => {
    expect(actionHeaders(h({}))).toEqual({});
    expect(actionHeaders(h({ "hl-vault-address": "0x" + "AB".repeat(20), "hl-expires-after": "1700000000000", "hl-nonce": "42" }))).toEqual({
      vaultAddress: "0x" + "ab".repeat(20),
      expiresAfter: 1700000000000,
      nonce: 42,
    });
  });

  it("an empty vault or expiry means none (overrides a server default)", () => {
    expect(actionHeaders(h({ "hl-vault-address": "", "hl-expires-after": "" }))).toEqual({ vaultAddress: null, expiresAfter: null });
  });

  it.each([
    ["hl-vault-address", "0xnope"],
    ["hl-vault-address", "0x" + "ab".repeat(19)],
    ["hl-expires-after", "-5"],
    ["hl-expires-after", "1e12"],
    ["hl-nonce", ""],
    ["hl-nonce", "99999999999999999"],
  ])("refuses %s=%s with a ValidationError naming the header", (name, value) => {
    let caught: unknown;
    try {
      actionHeaders(h({ [name]: value }));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues[0]?.path).toBe(name);
  });
});
