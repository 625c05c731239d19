/**
 * The exchange action schema against the wire: every action of the conformance signing
 * vectors (and one hand-built example per uncovered action/variant) must use the schema's
 * keys in the schema's declaration order — that order is the msgpack order that L1 actions
 * are hashed in. User-signed vectors must also match the EIP-712 table of their message.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { isCI, projectRoot, readShared, sharedDir, sharedPresent, skipShared } from "../helpers/shared.js";
import { actionExamples } from "./action-examples.js";
import { actionMessageName, checkWire, exchangeActions, pascalCase, readSchemaDescriptors, type MessageDesc, type SchemaDescriptors } from "./descriptors.js";

/** Action types the schema must cover (official Python SDK + @nktkas/hyperliquid). */
const COVERAGE_FLOOR = [
  "CSignerAction",
  "CValidatorAction",
  "activateOutcomeDeployer",
  "agentEnableDexAbstraction",
  "agentSendAsset",
  "agentSetAbstraction",
  "approveAgent",
  "approveBuilderFee",
  "authorizeAqav2Role",
  "batchModify",
  "borrowLend",
  "cDeposit",
  "cWithdraw",
  "cancel",
  "cancelByCloid",
  "claimRewards",
  "convertToMultiSigUser",
  "createSubAccount",
  "createVault",
  "evmUserModify",
  "finalizeEvmContract",
  "gossipPriorityBid",
  "hip3LiquidatorTransfer",
  "linkStakingUser",
  "modify",
  "multiSig",
  "noop",
  "order",
  "perpDeploy",
  "registerReferrer",
  "reserveRequestWeight",
  "scheduleCancel",
  "sendAsset",
  "sendToEvmWithData",
  "setDisplayName",
  "setReferrer",
  "spotDeploy",
  "spotSend",
  "spotUser",
  "stakingLinkDisableTradingUser",
  "subAccountModify",
  "subAccountSpotTransfer",
  "subAccountTransfer",
  "tokenDelegate",
  "topUpIsolatedOnlyMargin",
  "twapCancel",
  "twapOrder",
  "updateIsolatedMargin",
  "updateLeverage",
  "usdClassTransfer",
  "usdSend",
  "userDexAbstraction",
  "userOutcome",
  "userPortfolioMargin",
  "userSetAbstraction",
  "validatorL1Stream",
  "vaultDistribute",
  "vaultModify",
  "vaultTransfer",
  "withdraw3",
];

/** Keyed variants (after `type`) of the multi-variant actions. */
const VARIANTS: Record<string, string[]> = {
  spotDeploy: [
    "registerToken2",
    "userGenesis",
    "genesis",
    "registerSpot",
    "registerHyperliquidity",
    "setDeployerTradingFeeShare",
    "enableFreezePrivilege",
    "freezeUser",
    "revokeFreezePrivilege",
    "enableQuoteToken",
    "disableQuoteToken",
    "requestEvmContract",
    "outcome",
    "setTokenAnnotation",
    "setDeployerLabel",
  ],
  perpDeploy: [
    "registerAsset",
    "registerAsset2",
    "setOracle",
    "setFundingMultipliers",
    "setFundingInterestRates",
    "haltTrading",
    "setMarginTableIds",
    "insertMarginTable",
    "setFeeRecipient",
    "setOpenInterestCaps",
    "setSubDeployers",
    "setMarginModes",
    "setFeeScale",
    "setGrowthModes",
    "setPerpAnnotation",
    "disableDex",
    "setDeployerFees",
  ],
  CSignerAction: ["jailSelf", "unjailSelf"],
  CValidatorAction: ["register", "changeProfile", "unregister"],
  userOutcome: ["splitOutcome", "mergeOutcome", "mergeQuestion", "negateOutcome"],
};

/**
 * Vector quirks. "dummy" is the Python SDK's made-up signing test action (not an API action).
 * The generated vectors spell CSignerAction "cSignerAction"; both SDKs send "CSignerAction",
 * so those vectors are checked against CSignerAction (only the spelling of `type` differs).
 */
const NOT_ACTIONS = new Set(["dummy"]);
const TYPE_ALIASES: Record<string, string> = { cSignerAction: "CSignerAction" };

interface Vector {
  name?: string;
  action: Record<string, unknown>;
  primaryType?: string;
}
type VectorFile = { l1: Vector[]; userSigned: Vector[] };

let schema: SchemaDescriptors;
let actions: ReturnType<typeof exchangeActions>;
beforeAll(() => {
  schema = readSchemaDescriptors(projectRoot);
  actions = exchangeActions(schema);
});

function messageOf(type: string): MessageDesc {
  const entry = actions.get(TYPE_ALIASES[type] ?? type);
  if (!entry) throw new Error(`no ExchangeService rpc takes an action of type "${type}"`);
  return entry.message;
}

/** Key-order problems of one action, each prefixed with where it came from. */
function keyOrderIssues(label: string, action: Record<string, unknown>): string[] {
  const type = String(action.type);
  const m = messageOf(type);
  const value = TYPE_ALIASES[type] ? { ...action, type: TYPE_ALIASES[type] } : action;
  return checkWire(schema, m.name, value).map((i) => `${label} (${type}) at "${i.path}": ${i.problem}`);
}

const EIP712_VALUE: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  address: (v) => typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v),
  bool: (v) => typeof v === "boolean",
  uint64: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  uint32: (v) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 32,
  bytes32: (v) => typeof v === "string" && /^0x[0-9a-fA-F]{64}$/.test(v),
  bytes: (v) => typeof v === "string" && /^0x([0-9a-fA-F]{2})*$/.test(v),
};

describe("exchange action schema", () => {
  it("has one rpc per action type, named PascalCase(type), taking the <PascalCase>Action message", () => {
    const missing = COVERAGE_FLOOR.filter((t) => !actions.has(t));
    expect(missing, "action types without an ExchangeService rpc").toEqual([]);
    for (const [type, { method, message }] of actions) {
      expect(method.name, type).toBe(pascalCase(type));
      expect(message.name, type).toBe(actionMessageName(type));
      expect(message.action, `${message.name} needs (hl.options.v1.msg).action`).toBeDefined();
      expect(method.doc, `${method.name} needs an rpc doc`).toBeTruthy();
    }
  });

  it("answers every action with a SHAPE_UNION of its ok form and ExchangeErr", () => {
    for (const { method } of actions.values()) {
      const out = schema.messages.get(method.output);
      expect(out?.shape, method.output).toBe("union");
      expect(
        out?.fields.map((f) => f.message),
        method.output,
      ).toContain("ExchangeErr");
    }
  });

  it("lays user-signed actions out as type, signatureChainId, then the EIP-712 fields in order", () => {
    for (const [type, { message }] of actions) {
      const a = message.action!;
      if (a.signing === "l1") {
        expect(a.eip712, `${type} is L1: no EIP-712 table`).toBeUndefined();
        continue;
      }
      expect(a.primaryType, type).toMatch(/^HyperliquidTransaction:[A-Za-z]+$/);
      expect(a.eip712?.[0], type).toEqual({ name: "hyperliquidChain", type: "string" });
      const keys = message.fields.map((f) => f.key);
      if (type === "multiSig") {
        // Hybrid: L1-hashed, then signed as SendMultiSig over {hyperliquidChain, hash, nonce}.
        expect(a.primaryType).toBe("HyperliquidTransaction:SendMultiSig");
        expect(keys).toEqual(["type", "signatureChainId", "signatures", "payload"]);
        continue;
      }
      expect(keys, type).toEqual(["type", "signatureChainId", ...a.eip712!.map((e) => e.name)]);
      const chain = message.fields.find((f) => f.key === "hyperliquidChain");
      expect(chain?.enumValues, type).toEqual(["Mainnet", "Testnet"]);
      expect(message.fields.find((f) => f.key === "signatureChainId")?.format, type).toBe("hex");
    }
  });

  it("declares every variant of the multi-variant actions as a keyed oneof after type", () => {
    for (const [type, variants] of Object.entries(VARIANTS)) {
      const m = messageOf(type);
      expect(
        m.oneofs.map((o) => o.members),
        type,
      ).toEqual([variants]);
      expect(m.fields[0]!.key, type).toBe("type");
    }
  });

  it("checks the hand-built examples (one per action/variant the vectors lack)", () => {
    const issues = actionExamples.flatMap((a, i) => keyOrderIssues(`example[${i}]`, a));
    expect(issues).toEqual([]);
  });

  it("rejects reordered, unknown, missing and doubled keys (the checker is not vacuous)", () => {
    const order = { type: "order", orders: [{ a: 1, b: true, p: "1", s: "1", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" };
    expect(keyOrderIssues("ok", order)).toEqual([]);
    expect(keyOrderIssues("reordered", { type: "order", grouping: "na", orders: order.orders }).join()).toMatch(/comes after/);
    expect(keyOrderIssues("nested", { ...order, orders: [{ b: true, a: 1, p: "1", s: "1", r: false, t: { limit: { tif: "Gtc" } } }] }).join()).toMatch(
      /orders\[0\]\.a.*comes after/,
    );
    expect(keyOrderIssues("unknown", { ...order, extra: 1 }).join()).toMatch(/unknown key "extra"/);
    expect(keyOrderIssues("missing", { type: "order", orders: [] }).join()).toMatch(/required key "grouping"/);
    expect(keyOrderIssues("doubled", { type: "spotDeploy", enableQuoteToken: { token: 1 }, disableQuoteToken: { token: 1 } }).join()).toMatch(/exactly one of/);
    expect(keyOrderIssues("tuple", { type: "perpDeploy", setGrowthModes: [[true, "X"]] }).join()).toMatch(/setGrowthModes\[0\]\[0\]/);
    expect(keyOrderIssues("union", { ...order, grouping: "nope" }).join()).toMatch(/matches no member of Grouping/);
  });
});

describe.skipIf(skipShared)("conformance signing vectors vs the action schema", () => {
  const files = ["signing-reference.json", "signing-generated.json"] as const;
  const load = (file: string): VectorFile => readShared<VectorFile>(`conformance/vectors/${file}`);

  it("finds ../shared (required when CI=true)", () => {
    expect(sharedPresent, `../shared is missing at ${sharedDir} (CI=${String(isCI)})`).toBe(true);
  });

  for (const file of files) {
    for (const list of ["l1", "userSigned"] as const) {
      it(`${file} ${list}: keys in schema order, no unknown keys, nested messages included`, () => {
        const vectors = load(file)[list];
        expect(vectors.length).toBeGreaterThan(0);
        const issues = vectors
          .filter((v) => !NOT_ACTIONS.has(String(v.action.type)))
          .flatMap((v, i) => keyOrderIssues(`${file} ${list}[${i}]${v.name ? ` ${v.name}` : ""}`, v.action));
        expect(issues).toEqual([]);
      });
    }

    it(`${file} userSigned: primaryType and fields match the EIP-712 option`, () => {
      const issues: string[] = [];
      for (const [i, v] of load(file).userSigned.entries()) {
        const label = `${file} userSigned[${i}] (${String(v.action.type)})`;
        const a = messageOf(String(v.action.type)).action!;
        if (a.signing !== "userSigned") issues.push(`${label}: the schema signs it as ${a.signing}`);
        if (v.primaryType !== a.primaryType) issues.push(`${label}: primaryType ${v.primaryType} vs schema ${a.primaryType}`);
        const keys = Object.keys(v.action).filter((k) => k !== "type" && k !== "signatureChainId");
        const names = (a.eip712 ?? []).map((e) => e.name);
        if (keys.join() !== names.join()) issues.push(`${label}: fields [${keys.join(", ")}] vs EIP-712 [${names.join(", ")}]`);
        for (const e of a.eip712 ?? []) {
          const ok = EIP712_VALUE[e.type];
          if (!ok) issues.push(`${label}: unknown EIP-712 type ${e.type}`);
          else if (!ok(v.action[e.name])) issues.push(`${label}: ${e.name}=${JSON.stringify(v.action[e.name])} is not a ${e.type}`);
        }
      }
      expect(issues).toEqual([]);
    });
  }

  it("every action type and variant is checked by a vector or an example", () => {
    const seen = new Set<string>();
    const note = (a: Record<string, unknown>): void => {
      const type = TYPE_ALIASES[String(a.type)] ?? String(a.type);
      seen.add(type);
      for (const k of Object.keys(a)) if (VARIANTS[type]?.includes(k)) seen.add(`${type}.${k}`);
    };
    for (const file of files) for (const v of [...load(file).l1, ...load(file).userSigned]) note(v.action);
    actionExamples.forEach(note);
    const expected = [...actions.keys(), ...Object.entries(VARIANTS).flatMap(([t, vs]) => vs.map((v) => `${t}.${v}`))];
    expect(expected.filter((x) => !seen.has(x))).toEqual([]);
  });
});
