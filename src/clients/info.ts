/**
 * InfoClient: one typed method per POST /info request type (generated in InfoMethods).
 * Requests are validated before they are sent; responses are checked against the generated
 * validators in `strict` (throw), `warn` (report, return) or `off` mode. Unknown extra fields
 * are always tolerated: the API grows.
 */
import { infoEndpoints, type InfoEndpoints } from "../../generated/ts/registry.js";
import { InfoMethods, type RequestOptions } from "../../generated/ts/methods.js";
import { validate, type Issue, type MessageName } from "../../generated/ts/validate.js";
import { ValidationError } from "../errors/base.js";
import type { Transport } from "../transport/types.js";

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

export class InfoClient extends InfoMethods {
  private readonly transport: Transport;
  private readonly mode: ValidationMode;
  private readonly onIssues: (type: string, issues: Issue[]) => void;

  constructor(options: InfoClientOptions) {
    super();
    this.transport = options.transport;
    this.mode = options.validation ?? "warn";
    this.onIssues = options.onValidationIssues ?? ((type, issues) => console.warn(`hyperliquid-sdk: ${type} response differs from the schema:`, issues.slice(0, 5)));
  }

  protected override async request<K extends keyof InfoEndpoints>(type: K, body: InfoEndpoints[K]["request"], options?: RequestOptions): Promise<InfoEndpoints[K]["response"]> {
    const ep = (infoEndpoints as unknown as Endpoints)[type];
    if (!ep) throw new ValidationError("info request", [{ path: "type", value: type, expected: "a known info type" }]);
    const issues = validate(ep.request, body);
    if (issues.length) throw new ValidationError(`${String(type)} request`, issues, { hint: "Nothing was sent." });
    const res = await this.transport.request("info", body, options);
    if (this.mode !== "off") {
      const problems = validate(ep.response, res);
      if (problems.length) {
        if (this.mode === "strict") throw new ResponseValidationError(`${String(type)} response`, problems, { hint: "The API answered a shape the schema does not know; use validation: \"warn\" to accept it." });
        this.onIssues(String(type), problems);
      }
    }
    return res as InfoEndpoints[K]["response"];
  }
}
