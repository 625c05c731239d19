/**
 * InfoClient: one typed method per POST /info request type (generated in InfoMethods), and
 * ExplorerClient: the same for POST /explorer (ExplorerMethods; `info.explorer` shares the
 * InfoClient's transport and validation).
 * Requests are validated before they are sent; responses are parsed and checked in one pass by
 * the generated parsers, which also explain a failure (path, value, what is allowed), in
 * `strict` (throw), `warn` (report, return) or `off` mode. By default responses the SDK itself
 * acts on (metadata, account state, orders) are strict and the rest warn. Unknown extra fields
 * are always tolerated: the API grows.
 */
import { explorerEndpoints, infoEndpoints, type ExplorerEndpoints, type InfoEndpoints } from "../../generated/ts/registry.js";
import { ExplorerMethods, InfoMethods, type RequestOptions } from "../../generated/ts/methods.js";
import { validate, type Issue, type MessageName } from "../../generated/ts/validate.js";
import { explain, parseChecked } from "../../generated/ts/parsers.js";
import { ValidationError } from "../errors/base.js";
import type { Endpoint, Transport } from "../transport/types.js";

export type ValidationMode = "strict" | "warn" | "off";

/**
 * Responses the SDK acts on itself (asset ids and decimals from metadata, margin and positions,
 * open orders): wrong-shaped data there must not reach a bot, so they are strict by default.
 */
export const STRICT_BY_DEFAULT: ReadonlySet<string> = new Set([
  "meta",
  "spotMeta",
  "metaAndAssetCtxs",
  "spotMetaAndAssetCtxs",
  "allPerpMetas",
  "perpDexs",
  "perpDexLimits",
  "outcomeMeta",
  "clearinghouseState",
  "spotClearinghouseState",
  "activeAssetData",
  "subAccounts",
  "subAccounts2",
  "userRateLimit",
  "userFees",
  "openOrders",
  "frontendOpenOrders",
  "orderStatus",
  "historicalOrders",
  "twapHistory",
  "userFills",
  "userFillsByTime",
]);

export interface InfoClientOptions {
  transport: Transport;
  /**
   * Response validation for every type. Default: "strict" for {@link STRICT_BY_DEFAULT}, "warn"
   * for the rest. "strict" throws ResponseValidationError; "warn" returns the data and reports
   * the issues to `onValidationIssues`; "off" returns whatever JSON came.
   */
  validation?: ValidationMode;
  /** Receives response problems in "warn" mode (default: console.warn). */
  onValidationIssues?: (type: string, issues: Issue[]) => void;
}

/** Thrown in strict mode when a response does not match the schema. */
export class ResponseValidationError extends ValidationError {
  override name = "ResponseValidationError";
}

type Endpoints = Readonly<Record<string, { readonly request: MessageName; readonly response: MessageName }>>;

interface Checked {
  transport: Transport;
  mode: (type: string) => ValidationMode;
  onIssues: (type: string, issues: Issue[]) => void;
}

function checked(options: InfoClientOptions): Checked {
  const fixed = options.validation;
  return {
    transport: options.transport,
    mode: fixed ? () => fixed : (type) => (STRICT_BY_DEFAULT.has(type) ? "strict" : "warn"),
    onIssues: options.onValidationIssues ?? ((type, issues) => console.warn(`hyperliquid-sdk: ${type} response differs from the schema:`, issues.slice(0, 5))),
  };
}

/** Validates the request (nothing is sent when it is wrong), sends it, checks the response. */
async function send(c: Checked, endpoint: Endpoint, endpoints: Endpoints, type: string, body: unknown, options?: RequestOptions): Promise<unknown> {
  const ep = endpoints[type];
  if (!ep) throw new ValidationError(`${endpoint} request`, [{ path: "type", value: type, expected: `a known ${endpoint} type` }]);
  const issues = validate(ep.request, body);
  if (issues.length) throw new ValidationError(`${type} request`, issues, { hint: "Nothing was sent." });
  const mode = c.mode(type);
  // The generated parser checks the schema while parsing; when it declines, its explanation
  // says why (or accepts valid but non-compact JSON). A transport that parses by itself gets
  // its value checked afterwards.
  let problems: Issue[] | undefined;
  const parser = (text: string): unknown => {
    const value = parseChecked(ep.response, text);
    if (value !== undefined || mode === "off") {
      problems = [];
      return value;
    }
    const explained = explain(ep.response, text);
    if (!explained) return undefined;
    problems = explained.ok ? [] : explained.issues;
    return explained.ok ? explained.value : undefined;
  };
  const res = await c.transport.request(endpoint, body, { ...options, parse: parser });
  if (mode === "off") return res;
  problems ??= validate(ep.response, res);
  if (problems.length) {
    if (mode === "strict")
      throw new ResponseValidationError(`${type} response`, problems, {
        hint: 'The API answered a shape the schema does not know; use validation: "warn" to accept it.',
      });
    c.onIssues(type, problems);
  }
  return res;
}

/**
 * POST /explorer (block explorer: blockDetails, txDetails, userDetails). HttpTransport sends
 * these to `explorerUrl` (the RPC host); WebSocket post does not carry them.
 */
export class ExplorerClient extends ExplorerMethods {
  private readonly c: Checked;

  constructor(options: InfoClientOptions) {
    super();
    this.c = checked(options);
  }

  /** Any explorer request by its wire type, validated like the typed methods (hl serve). */
  requestByType(type: string, body: unknown, options?: RequestOptions): Promise<unknown> {
    return send(this.c, "explorer", explorerEndpoints, type, body, options);
  }

  protected override async request<K extends keyof ExplorerEndpoints>(
    type: K,
    body: ExplorerEndpoints[K]["request"],
    options?: RequestOptions,
  ): Promise<ExplorerEndpoints[K]["response"]> {
    return (await send(this.c, "explorer", explorerEndpoints, String(type), body, options)) as ExplorerEndpoints[K]["response"];
  }
}

export class InfoClient extends InfoMethods {
  private readonly c: Checked;
  /** The explorer requests over the same transport and validation mode. */
  readonly explorer: ExplorerClient;

  constructor(options: InfoClientOptions) {
    super();
    this.c = checked(options);
    this.explorer = new ExplorerClient(options);
  }

  /**
   * Any info request by its wire type, validated and checked like the typed methods: for
   * callers that dispatch on the type at run time (hl serve).
   */
  requestByType(type: string, body: unknown, options?: RequestOptions): Promise<unknown> {
    return send(this.c, "info", infoEndpoints, type, body, options);
  }

  protected override async request<K extends keyof InfoEndpoints>(
    type: K,
    body: InfoEndpoints[K]["request"],
    options?: RequestOptions,
  ): Promise<InfoEndpoints[K]["response"]> {
    return (await send(this.c, "info", infoEndpoints, String(type), body, options)) as InfoEndpoints[K]["response"];
  }
}
