/**
 * Wire model → client method bases (generated/ts/methods.ts): one typed, documented method per
 * info / explorer request and per subscription. The handwritten clients in src/ extend these
 * and supply the transport.
 */
import type { EndpointModel, MessageModel, SchemaModel } from "./ir.js";
import { objectExample, renderTs, type ExampleValue } from "./examples.js";
import { autoFilledKeys, paramsType, successTypes } from "./ts-actions.js";

/** No argument when every parameter is optional (and so left out of the example). */
function nonEmpty(v: Record<string, ExampleValue>): Record<string, ExampleValue> | undefined {
  return Object.keys(v).length ? v : undefined;
}

function call(prefix: string, client: string, method: string, arg: ExampleValue | undefined, suffix: string): string {
  const head = `${prefix}${client}.${method}(`;
  return `${head}${arg === undefined ? "" : renderTs(arg, "", 100, head.length + 1)})${suffix}`;
}

function example(client: string, e: EndpointModel, req: MessageModel, model: SchemaModel): string {
  const params = req.fields.filter((f) => f.key !== "type");
  const arg = params.length ? nonEmpty(objectExample(req, params, model)) : undefined;
  return e.channel !== undefined
    ? call("for await (const msg of ", client, e.method, arg, ") {\n  console.log(msg);\n}")
    : call("const result = await ", client, e.method, arg, ";");
}

function jsdoc(lines: string[]): string {
  return `  /**\n${lines
    .flatMap((l) => l.split("\n"))
    .map((l) => `   * ${l.replace(/\*\//g, "*\\/")}`.trimEnd())
    .join("\n")}\n   */`;
}

function methods(model: SchemaModel, endpoints: EndpointModel[], kind: "info" | "explorer"): string[] {
  const out: string[] = [];
  for (const e of endpoints) {
    const req = model.messages.get(e.request)!;
    const hasParams = req.fields.some((f) => f.key !== "type");
    const allOptional = req.fields.every((f) => f.key === "type" || f.optional);
    const param = !hasParams ? "" : `params${allOptional ? "?" : ""}: Omit<T.${e.request}, "type">, `;
    out.push(
      jsdoc([
        e.doc ?? `The \`${e.type}\` request.`,
        "",
        `Wire: \`POST /${kind}\` with \`{"type": "${e.type}", …}\`${e.weight !== undefined ? `; rate-limit weight ${e.weight}` : ""}.`,
        "",
        "@example",
        "```ts",
        example(kind === "info" ? "info" : "explorer", e, req, model),
        "```",
      ]),
      `  ${e.method}(${param}options?: RequestOptions): Promise<T.${e.response}> {`,
      `    return this.request(${JSON.stringify(e.type)}, { type: ${JSON.stringify(e.type)}${hasParams ? ", ...params" : ""} } as T.${e.request}, options);`,
      `  }\n`,
    );
  }
  return out;
}

export function emitTsMethods(model: SchemaModel, header: string): string {
  const out = [
    header,
    `import type * as T from "./types.js";`,
    `import type { ExplorerEndpoints, InfoEndpoints, SubscriptionEndpoints } from "./registry.js";`,
    `import type { ActionParams, ActionSuccess, ActionType } from "./actions.js";\n`,
    `/** Per-call options of every request. */`,
    `export interface RequestOptions {\n  /** Cancels the request. */\n  signal?: AbortSignal;\n  /** Milliseconds before the request fails with a TimeoutError. */\n  timeout?: number;\n}\n`,
    `/** One method per POST /info request type. */`,
    `export abstract class InfoMethods {`,
    `  protected abstract request<K extends keyof InfoEndpoints>(type: K, body: InfoEndpoints[K]["request"], options?: RequestOptions): Promise<InfoEndpoints[K]["response"]>;\n`,
    ...methods(model, model.info, "info"),
    `}\n`,
    `/** One method per POST /explorer request type. */`,
    `export abstract class ExplorerMethods {`,
    `  protected abstract request<K extends keyof ExplorerEndpoints>(type: K, body: ExplorerEndpoints[K]["request"], options?: RequestOptions): Promise<ExplorerEndpoints[K]["response"]>;\n`,
    ...methods(model, model.explorer, "explorer"),
    `}\n`,
    `/** Options of a subscription. */`,
    `export interface SubscribeOptions {\n  /** Ends the subscription. */\n  signal?: AbortSignal;\n}\n`,
    `/** One method per WebSocket subscription type; each returns an async iterable of messages. */`,
    `export abstract class SubscriptionMethods {`,
    `  protected abstract subscribe<K extends keyof SubscriptionEndpoints>(type: K, subscription: SubscriptionEndpoints[K]["request"], options?: SubscribeOptions): AsyncIterable<SubscriptionEndpoints[K]["message"]> & { unsubscribe(): Promise<void> };\n`,
  ];
  for (const e of model.subscriptions) {
    const req = model.messages.get(e.request)!;
    const hasParams = req.fields.some((f) => f.key !== "type");
    const allOptional = req.fields.every((f) => f.key === "type" || f.optional);
    out.push(
      jsdoc([
        e.doc ?? `The \`${e.type}\` subscription.`,
        "",
        `Wire: \`{"method": "subscribe", "subscription": {"type": "${e.type}", …}}\`; pushes on channel \`${e.channel}\`.`,
        "",
        "@example",
        "```ts",
        example("subs", e, req, model),
        "```",
      ]),
      `  ${e.method}(${hasParams ? `params${allOptional ? "?" : ""}: Omit<T.${e.request}, "type">, ` : ""}options?: SubscribeOptions): AsyncIterable<T.${e.response}> & { unsubscribe(): Promise<void> } {`,
      `    return this.subscribe(${JSON.stringify(e.type)}, { type: ${JSON.stringify(e.type)}${hasParams ? ", ...params" : ""} } as T.${e.request}, options);`,
      `  }\n`,
    );
  }
  out.push(`}\n`);
  out.push(...exchangeMethods(model));
  return out.join("\n");
}

function exchangeMethods(model: SchemaModel): string[] {
  const out = [
    `/** Per-call options of an exchange action. */`,
    `export interface ActionOptions extends RequestOptions {\n  /** Trade for this vault or sub-account (L1 actions). */\n  vaultAddress?: string | null;\n  /** Millisecond timestamp after which the exchange rejects the action (L1 actions). */\n  expiresAfter?: number | null;\n  /** Use this nonce instead of the next one from the nonce manager. */\n  nonce?: number;\n}\n`,
    `/** One method per exchange action type: validates, signs and sends it. */`,
    `export abstract class ExchangeMethods {`,
    `  /** Completes the envelope, validates, signs and sends; resolves to the success answer (errors are thrown). */`,
    `  protected abstract execute<K extends ActionType>(type: K, params: ActionParams[K], options?: ActionOptions): Promise<ActionSuccess[K]>;\n`,
  ];
  for (const e of model.exchange) {
    const m = model.messages.get(e.request)!;
    const omit = ["type", ...autoFilledKeys(m)];
    const params = m.fields.filter((f) => !omit.includes(f.key));
    const allOptional = params.every((f) => f.optional || f.oneof);
    const paramType = paramsType(model, e.request);
    const arg = params.length ? nonEmpty(objectExample(m, params, model)) : undefined;
    out.push(
      jsdoc([
        e.doc ?? m.doc ?? `The \`${e.type}\` action.`,
        "",
        `Signing: ${m.action!.signing === "l1" ? "L1 (phantom agent)" : `user-signed \`${m.action!.primaryType}\``}.${
          omit.length > 1
            ? ` Filled in for you: ${omit
                .slice(1)
                .map((k) => `\`${k}\``)
                .join(", ")}.`
            : ""
        }`,
        "",
        "@example",
        "```ts",
        call("const result = await ", "exchange", e.method, arg, ";"),
        "```",
      ]),
      `  ${e.method}(${params.length ? `params${allOptional ? "?" : ""}: ${paramType}, ` : ""}options?: ActionOptions): Promise<${successTypes(model, e.response).join(" | ")}> {`,
      `    return this.execute(${JSON.stringify(e.type)}, ${params.length ? (allOptional ? "params ?? {}" : "params") : "{}"}, options);`,
      `  }\n`,
    );
  }
  out.push(`}\n`);
  return out;
}
