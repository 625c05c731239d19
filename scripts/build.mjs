#!/usr/bin/env node
/**
 * Builds dist/: dist/src, dist/devnet, dist/generated (the package exports) and dist/cli (`hl`):
 *   node scripts/build.mjs        JS via esbuild (per file, no bundling) + declarations via tsc
 *   node scripts/build.mjs --js   JS only, skipped when dist is already up to date (pretest, test helper)
 * esbuild transpiles the ~200 files in well under a second; tsc takes ~20 s, so it only runs for
 * the declarations of a full build. Parallel callers (vitest workers) serialise on a lock dir.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const INPUTS = ["src", "devnet", "generated"];
const stampFile = join(dist, ".js-stamp");
const lockDir = join(dist, ".build-lock");
const jsOnly = process.argv.includes("--js");

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** Every input file, plus a fingerprint of their paths, sizes and mtimes (a deletion changes it too). */
function scan() {
  const files = INPUTS.flatMap((d) => walk(join(root, d))).sort();
  const hash = createHash("sha256");
  for (const f of [...files, fileURLToPath(import.meta.url)]) {
    const s = statSync(f);
    hash.update(`${relative(root, f)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return { files, stamp: hash.digest("hex") };
}

const upToDate = (stamp) => existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp;

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

async function withLock(fn) {
  mkdirSync(dist, { recursive: true });
  for (const start = Date.now(); ; sleep(50)) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      // A build that crashed leaves its lock behind; no build takes a minute.
      if (Date.now() - statSync(lockDir).mtimeMs > 60_000 || Date.now() - start > 60_000) rmSync(lockDir, { recursive: true, force: true });
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

async function buildJs(files) {
  const { build } = await import("esbuild");
  const entryPoints = files.filter((f) => (f.endsWith(".ts") && !f.endsWith(".d.ts")) || f.endsWith(".js"));
  await build({ entryPoints, outdir: dist, outbase: root, platform: "node", format: "esm", target: "node20", sourcemap: true, logLevel: "warning" });
  await buildCli(build);
  // Runtime and type files read next to the code: generated/schema.json, hand-written .d.ts of generated JS.
  for (const f of files.filter((f) => f.endsWith(".json") || f.endsWith(".d.ts"))) {
    const to = join(dist, relative(root, f));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(f, to);
  }
}

// Packages that load native code, worker files or wasm by path stay outside the CLI bundle.
// @ethereumjs/wallet (keystores, loaded lazily) requires node builtins CommonJS-style, which an ESM bundle cannot.
const EXTERNAL = new Set(["ws", "undici", "pino", "prom-client", "sql.js", "secp256k1", "@ethereumjs/wallet"]);
const packageOf = (spec) =>
  spec
    .split("/")
    .slice(0, spec.startsWith("@") ? 2 : 1)
    .join("/");

/**
 * The `hl` CLI as one bundle (dist/cli/main.js, one lazy chunk per command): bundling tree-shakes
 * viem's barrel, which costs ~0.4 s and ~30 MiB when node loads it unbundled, so `hl sign`
 * starts at close to bare-node speed.
 */
async function buildCli(build) {
  rmSync(join(dist, "cli"), { recursive: true, force: true });
  await build({
    entryPoints: [join(root, "src/cli/main.ts")],
    outdir: join(dist, "cli"),
    bundle: true,
    splitting: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    metafile: true,
    plugins: [
      {
        name: "externals",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith("node:") || EXTERNAL.has(packageOf(a.path)) ? { path: a.path, external: true } : undefined,
          );
        },
      },
    ],
  }).then((r) => writeFileSync(join(dist, "cli/meta.json"), JSON.stringify(r.metafile)));
}

const first = scan();
if (jsOnly && upToDate(first.stamp)) process.exit(0);
await withLock(async () => {
  const { files, stamp } = scan();
  if (jsOnly && upToDate(stamp)) return;
  const t0 = performance.now();
  if (!jsOnly) for (const d of INPUTS) rmSync(join(dist, d), { recursive: true, force: true });
  await buildJs(files);
  writeFileSync(stampFile, stamp);
  const t1 = performance.now();
  if (!jsOnly) execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  const t2 = performance.now();
  console.error(`build: js ${Math.round(t1 - t0)} ms${jsOnly ? "" : `, declarations ${Math.round(t2 - t1)} ms`}`);
});
