export * from "./base.js";
export * from "./transport.js";
export * from "./exchange.js";
export * from "./api.js";
export * from "./redact.js";
export * from "./guard.js";
