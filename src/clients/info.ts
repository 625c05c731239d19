/**
 * InfoClient: one typed method per POST /info request type (generated in InfoMethods), and
 * ExplorerClient: the same for POST /explorer (ExplorerMethods; `info.explorer` shares the
 * InfoClient's transport and validation).
 * Requests are validated before they are sent; responses are checked against the generated
 * validators in `strict` (throw), `warn` (report, return) or `off` mode. Unknown extra fields
 * are always tolerated: the API grows.
 */
import { explorerEndpoints, infoEndpoints, type ExplorerEndpoints, type InfoEndpoints } from "../../generated/ts/registry.js";
import { ExplorerMethods, InfoMethods, type RequestOptions } from "../../generated/ts/methods.js";
import { validate, type Issue, type MessageName } from "../../generated/ts/validate.js";
import { parseChecked } from "../../generated/ts/parsers.js";
import { ValidationError } from "../errors/base.js";
import type { Endpoint, Transport } from "../transport/types.js";

export type ValidationMode = "strict" | "warn" | "off";

export interface InfoClientOptions {
  transport: Transport;
  /** Response validation (default "warn"; tests use "strict"). */
  validation?: ValidationMode;
  /** Receives response problems in "warn" mode (default: console.warn). */
  onValidationIssues?: (type: string, issues: Issue[]) => void;
}

/** Thrown in strict mode when a response does not match the schema. */
export class ResponseValidationError extends ValidationError {
  override name = "ResponseValidationError";
}

type Endpoints = Record<string, { request: MessageName; response: MessageName }>;

interface Checked {
  transport: Transport;
  mode: ValidationMode;
  onIssues: (type: string, issues: Issue[]) => void;
}

function checked(options: InfoClientOptions): Checked {
  return {
    transport: options.transport,
    mode: options.validation ?? "warn",
    onIssues: options.onValidationIssues ?? ((type, issues) => console.warn(`hyperliquid-sdk: ${type} response differs from the schema:`, issues.slice(0, 5))),
  };
}

/** Validates the request (nothing is sent when it is wrong), sends it, checks the response. */
async function send(c: Checked, endpoint: Endpoint, endpoints: Endpoints, type: string, body: unknown, options?: RequestOptions): Promise<unknown> {
  const ep = endpoints[type];
  if (!ep) throw new ValidationError(`${endpoint} request`, [{ path: "type", value: type, expected: `a known ${endpoint} type` }]);
  const issues = validate(ep.request, body);
  if (issues.length) throw new ValidationError(`${type} request`, issues, { hint: "Nothing was sent." });
  // The generated parser checks the schema while parsing; when it accepts the text there is
  // nothing left to validate. When it declines (or the transport parses by itself), validate.
  let checked = false;
  const parser = (text: string): unknown => {
    const value = parseChecked(ep.response, text);
    if (value !== undefined) checked = true;
    return value;
  };
  const res = await c.transport.request(endpoint, body, { ...options, parse: parser });
  if (c.mode !== "off" && !checked) {
    const problems = validate(ep.response, res);
    if (problems.length) {
      if (c.mode === "strict") throw new ResponseValidationError(`${type} response`, problems, { hint: 'The API answered a shape the schema does not know; use validation: "warn" to accept it.' });
      c.onIssues(type, problems);
    }
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

  protected override async request<K extends keyof ExplorerEndpoints>(type: K, body: ExplorerEndpoints[K]["request"], options?: RequestOptions): Promise<ExplorerEndpoints[K]["response"]> {
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

  protected override async request<K extends keyof InfoEndpoints>(type: K, body: InfoEndpoints[K]["request"], options?: RequestOptions): Promise<InfoEndpoints[K]["response"]> {
    return (await send(this.c, "info", infoEndpoints, String(type), body, options)) as InfoEndpoints[K]["response"];
  }
}
