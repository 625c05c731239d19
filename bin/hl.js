#!/usr/bin/env node
// `hl` CLI entry: runs only the compiled build in dist/ (made by `npm install` / `npm run build`).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const built = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (!existsSync(built)) {
  process.stderr.write(
    `hl: the compiled CLI is missing (${built}).\nRun \`npm run build\` in ${fileURLToPath(new URL("..", import.meta.url))} (npm install runs it too).\n`,
  );
  process.exit(1);
}
const { main } = await import(pathToFileURL(built).href);
process.exitCode = await main(process.argv.slice(2));
