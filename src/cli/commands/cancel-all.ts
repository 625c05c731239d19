/** `hl cancel-all`: see ./cancel.ts. */
export { cancelAllSpec as spec, runCancelAll as run } from "./cancel.js";
