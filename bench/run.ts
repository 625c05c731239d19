/** `npm run bench [suite…]`: side-by-side benchmarks; each suite measures its anchors in the same run. */
import { runSigningBench } from "./signing.js";

const SUITES: Record<string, () => Promise<void>> = {
  signing: runSigningBench,
  ws: async () => (await import("./ws.js")).runWsBench(),
  ...(process.argv.includes("--soak") || process.argv.includes("soak") ? { soak: async () => (await import("./soak.js")).runSoak() } : {}), // long: only when asked for
  info: async () => (await import("./info.js")).runInfoBench(),
  order: async () => (await import("./order.js")).runOrderBench(),
  devnet: async () => (await import("./devnet.js")).runDevnetBench(),
  cli: async () => (await import("./cli.js")).runCliBench(),
  serve: async () => (await import("./serve.js")).runServeBench(),
  "python-sdk": async () => (await import("./python-sdk.js")).runPythonSdkBench(),
  algos: async () => (await import("./algos.js")).runAlgosBench(),
  guard: async () => (await import("./guard.js")).runGuardBench(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
for (const name of wanted.length ? wanted : Object.keys(SUITES)) {
  const suite = SUITES[name];
  if (!suite) {
    console.error(`unknown suite ${name}; have: ${Object.keys(SUITES).join(", ")}`);
    process.exit(2);
  }
  await suite();
}
