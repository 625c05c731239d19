export * from "./base.js";
export * from "./transport.js";
