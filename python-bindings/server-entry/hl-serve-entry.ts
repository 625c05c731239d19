/**
 * Entry of the bundled server the Python package starts (scripts/build-python-server.mjs).
 * Two flags of its own, for a parent process that owns this one:
 *   --key-stdin        the wallet key is the first line of stdin (never argv, env or a file);
 *                      passed through when `hl serve` has the flag itself
 *   --exit-with-stdin  stop (as on SIGTERM) when stdin closes: the parent died or let go
 */
import { createInterface } from "node:readline";
import { run, spec } from "../../src/cli/commands/serve.js";

const argv = process.argv.slice(2);
const take = (flag: string): boolean => {
  const i = argv.indexOf(flag);
  if (i < 0) return false;
  argv.splice(i, 1);
  return true;
};
const serveHasKeyStdin = "key-stdin" in spec.options;
const keyFromStdin = !serveHasKeyStdin && take("--key-stdin");
const exitWithStdin = take("--exit-with-stdin");

const lines = keyFromStdin || exitWithStdin ? createInterface({ input: process.stdin, terminal: false }) : undefined;
if (keyFromStdin && lines) {
  const first = await new Promise<string | undefined>((resolve) => {
    lines.once("line", resolve);
    lines.once("close", () => resolve(undefined));
  });
  const key = first?.trim();
  if (!key) {
    process.stderr.write("hl serve: --key-stdin: no key on the first line of stdin\n");
    process.exit(2);
  }
  // In this process only: the child's /proc/PID/environ still shows the environment it started with.
  process.env.HL_PRIVATE_KEY = key;
}
if (exitWithStdin && lines) lines.once("close", () => process.kill(process.pid, "SIGTERM"));
else lines?.close();
process.exitCode = await run(argv);
