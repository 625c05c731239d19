/**
 * Reads a runtime kept as a real, type-checked source under codegen/runtime/ for verbatim copy
 * into generated/ts/: drops the file's own doc comment (the generated header replaces it) and
 * points imports of generated modules at their generated siblings.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function runtimeSource(name: string): string {
  const text = readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.url)), "utf8");
  return text.replace(/^\/\*\*[\s\S]*?\*\/\n/, "").replaceAll('from "../../generated/ts/', 'from "./');
}
