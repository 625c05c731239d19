/**
 * Every `@example` of the generated client methods (generated/ts/methods.ts) is a call users
 * copy. Each one's argument must be a valid request: evaluated, completed with what the client
 * adds itself (the `type`; for user-signed actions the chain fields and the nonce-valued
 * time/nonce, as ExchangeClient.execute does), and checked by the schema validator of the
 * request, subscription or action message.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { actionSpecs } from "../../generated/ts/actions.js";
import { explorerEndpoints, infoEndpoints, subscriptionEndpoints } from "../../generated/ts/registry.js";
import { validate, type MessageName } from "../../generated/ts/validate.js";

const source = readFileSync(new URL("../../generated/ts/methods.ts", import.meta.url), "utf8");

interface Example {
  client: string;
  method: string;
  /** Source text of the argument ("" for none). */
  arg: string;
}

/** The body of each ```ts block after an @example tag, without the JSDoc " * " prefixes. */
function exampleBlocks(text: string): string[] {
  const blocks: string[] = [];
  const re = /\* @example\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g;
  for (let m = re.exec(text); m; m = re.exec(text))
    blocks.push(
      m[1]!
        .split("\n")
        .map((l) => l.replace(/^\s*\* ?/, ""))
        .join("\n"),
    );
  return blocks;
}

/** The first `client.method(…)` call of a block, with its argument found by bracket matching. */
function parseCall(block: string): Example {
  const m = /\b(info|explorer|subs|exchange)\.(\w+)\(/.exec(block);
  if (!m) throw new Error(`no client call in example:\n${block}`);
  let depth = 1;
  let i = m.index + m[0].length;
  const start = i;
  let quote: string | undefined;
  for (; i < block.length && depth > 0; i++) {
    const c = block[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
  }
  if (depth) throw new Error(`unbalanced example:\n${block}`);
  return { client: m[1]!, method: m[2]!, arg: block.slice(start, i - 1).trim() };
}

function evaluate(arg: string): Record<string, unknown> {
  if (!arg) return {};
  return new Function(`"use strict"; return (${arg});`)() as Record<string, unknown>;
}

const CLIENT_NONCE = 1_700_000_000_000;

/** What ExchangeClient.execute adds before signing (src/clients/exchange.ts). */
function completeAction(type: string, params: Record<string, unknown>): Record<string, unknown> {
  const spec = (actionSpecs as unknown as Record<string, { signing: string; message: string; eip712?: { name: string }[] }>)[type]!;
  const full: Record<string, unknown> = { type, ...params };
  if (spec.signing === "userSigned" || type === "multiSig") {
    full.signatureChainId ??= "0x66eee";
    if (spec.signing === "userSigned" && type !== "multiSig") full.hyperliquidChain = "Testnet";
    if (type !== "multiSig") for (const key of ["time", "nonce"]) if (key in full || spec.eip712?.some((f) => f.name === key)) full[key] = CLIENT_NONCE;
  }
  return full;
}

function requestOf(client: string, method: string): { type: string; message: string } {
  const tables: Record<string, Record<string, { type: string; method: string; request: string }>> = {
    info: infoEndpoints,
    explorer: explorerEndpoints,
    subs: subscriptionEndpoints,
  };
  if (client === "exchange") {
    const spec = Object.values(actionSpecs as unknown as Record<string, { type: string; message: string }>).find(
      (s) => s.type.charAt(0).toLowerCase() + s.type.slice(1) === method,
    );
    if (!spec) throw new Error(`no action for exchange.${method}`);
    return { type: spec.type, message: spec.message };
  }
  const e = Object.values(tables[client]!).find((x) => x.method === method);
  if (!e) throw new Error(`no endpoint for ${client}.${method}`);
  return { type: e.type, message: e.request };
}

const examples = exampleBlocks(source).map(parseCall);

describe("generated JSDoc examples", () => {
  it("cover every generated method", () => {
    const methods = [...source.matchAll(/^ {2}\w+\(.*options\?: (?:RequestOptions|SubscribeOptions|ActionOptions)\): /gm)].length;
    expect(examples.length).toBe(methods);
    const total =
      Object.keys(infoEndpoints).length + Object.keys(explorerEndpoints).length + Object.keys(subscriptionEndpoints).length + Object.keys(actionSpecs).length;
    expect(examples.length).toBe(total);
  });

  it.each(examples.map((e) => [`${e.client}.${e.method}`, e] as const))("%s is a valid request", (_name, e) => {
    const { type, message } = requestOf(e.client, e.method);
    const params = evaluate(e.arg);
    expect(params, "the example passes the params object itself, not the type").not.toHaveProperty("type");
    const value = e.client === "exchange" ? completeAction(type, params) : { type, ...params };
    expect(validate(message as MessageName, value)).toEqual([]);
  });

  it("type-check against the method signatures", () => {
    const methods = fileURLToPath(new URL("../../generated/ts/methods.js", import.meta.url));
    const lines = [
      `import type { InfoMethods, ExplorerMethods, SubscriptionMethods, ExchangeMethods } from ${JSON.stringify(methods)};`,
      "declare const info: InfoMethods, explorer: ExplorerMethods, subs: SubscriptionMethods, exchange: ExchangeMethods;",
      ...exampleBlocks(source).map((body, i) => `export async function example${i}(): Promise<void> {\n${body}\n}`),
    ];
    const dir = mkdtempSync(join(tmpdir(), "jsdoc-examples-"));
    try {
      const file = join(dir, "examples.ts");
      writeFileSync(file, lines.join("\n"));
      const program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: [],
      });
      const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("use no placeholder values", () => {
    // A string equal to its own key is codegen's last resort: give the field an example.
    const placeholders = (v: unknown, path: string, out: string[]): string[] => {
      if (Array.isArray(v)) v.forEach((x, i) => placeholders(x, `${path}[${i}]`, out));
      else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          if (x === k) out.push(`${path}.${k}`);
          else placeholders(x, `${path}.${k}`, out);
        }
      }
      return out;
    };
    for (const e of examples) {
      expect(e.arg, `${e.client}.${e.method}`).not.toMatch(/…|\{\s+\}|"0x0{40}"/);
      expect(placeholders(evaluate(e.arg), `${e.client}.${e.method}`, [])).toEqual([]);
    }
  });
});
