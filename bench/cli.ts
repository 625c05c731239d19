/**
 * `npm run bench cli`: start-up cost of `hl sign` (one action from stdin) against bare
 * `node -e 0`, wall time and peak RSS (GNU time), plus the bundle size of
 * `import { signAction } from "hyperliquid-sdk"` and what dominates it (esbuild metafile).
 * Targets: sign ≤ 4× node's wall time and ≤ 90 MiB; bundle ≤ 150 KB.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.env.HL_BENCH_RUNS ?? 10);
const KEY = `0x${"ab".repeat(32)}`;
const LINE = JSON.stringify({
  kind: "l1",
  action: { type: "order", orders: [{ a: 0, b: true, p: "30000", s: "0.1", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" },
  nonce: 1_700_000_000_000,
  vaultAddress: null,
  expiresAfter: null,
  isMainnet: true,
});

interface Run {
  wallMs: number;
  rssKiB: number;
}

function once(args: string[], input = ""): Run {
  const t0 = performance.now();
  // GNU time prints max RSS (KiB) on the last stderr line.
  const res = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], {
    cwd: root,
    input,
    env: { ...process.env, HL_PRIVATE_KEY: KEY },
    encoding: "utf8",
  });
  const wallMs = performance.now() - t0;
  if (res.status !== 0) throw new Error(`${args.join(" ")} exited ${res.status}: ${res.stderr}`);
  return { wallMs, rssKiB: Number(res.stderr.trim().split("\n").pop()) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function bundleSize(): Promise<void> {
  const result = await build({
    stdin: { contents: 'export { signAction } from "./src/index.ts";', resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const out = Object.values(result.metafile.outputs)[0]!;
  const byPackage = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(out.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.replace(/^(generated\/ts\/[^/]+|src\/[^/]+).*/, "$1");
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
  }
  console.log(`bundle of \`import { signAction } from "hyperliquid-sdk"\` (esbuild --bundle --minify --platform=node): ${out.bytes} bytes (target ≤ 150000)`);
  for (const [pkg, bytes] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${String(bytes).padStart(9)}  ${pkg}`);
}

export async function runCliBench(): Promise<void> {
  if (!existsSync(`${root}dist/cli/main.js`)) throw new Error("dist/cli is missing: run `npm run build:js`");
  once(["-e", "0"]);
  once(["bin/hl.js", "sign"], `${LINE}\n`); // warm the file cache
  const bare: Run[] = [];
  const sign: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(once(["-e", "0"]));
    sign.push(once(["bin/hl.js", "sign"], `${LINE}\n`));
  }
  const b = { wall: median(bare.map((r) => r.wallMs)), rss: Math.max(...bare.map((r) => r.rssKiB)) / 1024 };
  const s = { wall: median(sign.map((r) => r.wallMs)), rss: Math.max(...sign.map((r) => r.rssKiB)) / 1024 };
  console.log(`cli start-up, median of ${RUNS} interleaved runs (peak RSS = max over runs):`);
  console.log(`  node -e 0        ${b.wall.toFixed(0).padStart(5)} ms  ${b.rss.toFixed(1).padStart(6)} MiB`);
  console.log(`  hl sign (1 line) ${s.wall.toFixed(0).padStart(5)} ms  ${s.rss.toFixed(1).padStart(6)} MiB`);
  console.log(`  ratio            ${(s.wall / b.wall).toFixed(2)}× (target ≤ 4×, ≤ 90 MiB)`);
  await bundleSize();
}
