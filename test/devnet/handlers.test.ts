/** The devnet's handler table is checked against the schema's action list at compile time (tsc runs over test/). */
import { describe, expect, expectTypeOf, it } from "vitest";
import { acceptedNotModelled, actionHandlers, modeledActions, type ActionHandler, type ActionHandlers } from "../../devnet/actions.js";
import { actionSpecs, type ActionResponses, type ActionType, type Actions } from "../../src/index.js";

describe("devnet action handlers", () => {
  it("a table without a handler for a modelled action does not compile", () => {
    const { order: _order, ...withoutOrder } = actionHandlers;
    // @ts-expect-error "order" has no handler and is not listed in acceptedNotModelled
    const incomplete: ActionHandlers = withoutOrder;
    expect(Object.keys(incomplete)).not.toContain("order");
  });

  it("a handler gets its generated action type and must return its generated response", () => {
    expectTypeOf<Parameters<ActionHandler<"order">>[2]>().toEqualTypeOf<Actions["order"]>();
    expectTypeOf<ReturnType<ActionHandler<"cancel">>>().toEqualTypeOf<ActionResponses["cancel"]>();
    // @ts-expect-error an order handler cannot answer with the default response
    const wrong: ActionHandler<"order"> = () => ({ status: "ok", response: { type: "default" } });
    expect(typeof wrong).toBe("function");
  });

  it("every schema action is modelled or explicitly accepted-not-modelled, never both", () => {
    expectTypeOf<(typeof modeledActions)[number] | (typeof acceptedNotModelled)[number]>().toEqualTypeOf<ActionType>();
    const modelled = new Set<string>(modeledActions);
    const accepted = new Set<string>(acceptedNotModelled);
    expect([...modelled].filter((t) => accepted.has(t))).toEqual([]);
    expect(Object.keys(actionSpecs).filter((t) => !modelled.has(t) && !accepted.has(t))).toEqual([]);
    expect(modelled.size + accepted.size).toBe(Object.keys(actionSpecs).length);
    expect(modelled.has("order") && modelled.has("withdraw3") && !modelled.has("multiSig")).toBe(true);
  });
});
