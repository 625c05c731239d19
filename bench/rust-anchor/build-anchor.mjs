#!/usr/bin/env node
/**
 * Builds the Rust anchor of `npm run bench signing` (release, cached in bench/rust-anchor/target).
 *
 * The official hyperliquid_rust_sdk 0.6 keeps its signing path crate-private, so this copies the
 * crate's source out of cargo's registry into target/ (never committed) and applies a
 * visibility-only patch: every edit below replaces a visibility qualifier and nothing else, and
 * each must match exactly once, so a different crate version fails loudly instead of being
 * patched blindly. Cargo.toml's [patch.crates-io] points at that copy.
 *
 * Prints one JSON line on stdout: {"binary": path} or {"skipped": reason}. Cargo's own output
 * goes to stderr. Usable as a module too: `buildAnchor()` returns the same object.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const TARGET = join(HERE, "target");
const PATCHED = join(TARGET, "hyperliquid_rust_sdk-patched");
const CRATE = "hyperliquid_rust_sdk";
const VERSION = "0.6.0";

/** Visibility-only edits: [file, exact text, replacement]. */
const VISIBILITY_PATCH = [
  ["src/lib.rs", "\nmod signature;", "\npub mod signature;"],
  [
    "src/signature/mod.rs",
    "pub(crate) use create_signature::{sign_l1_action, sign_typed_data};",
    "pub use create_signature::{sign_l1_action, sign_typed_data};",
  ],
  ["src/signature/create_signature.rs", "pub(crate) fn sign_l1_action(", "pub fn sign_l1_action("],
  ["src/signature/create_signature.rs", "pub(crate) fn sign_typed_data<", "pub fn sign_typed_data<"],
  [
    "src/exchange/exchange_client.rs",
    "    fn hash(&self, timestamp: u64, vault_address: Option<H160>)",
    "    pub fn hash(&self, timestamp: u64, vault_address: Option<H160>)",
  ],
];

function cargoHome() {
  return process.env.CARGO_HOME ?? join(homedir(), ".cargo");
}

function hasCargo() {
  return spawnSync("cargo", ["--version"], { stdio: "ignore" }).status === 0;
}

function findRegistrySource() {
  const root = join(cargoHome(), "registry", "src");
  if (!existsSync(root)) return undefined;
  for (const index of readdirSync(root)) {
    const dir = join(root, index, `${CRATE}-${VERSION}`);
    if (existsSync(join(dir, "Cargo.toml"))) return dir;
  }
  return undefined;
}

/** Has cargo download and unpack the crate, from a throwaway manifest that has no [patch]. */
function fetchCrate() {
  const dir = join(TARGET, "fetch-unpatched");
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(
    join(dir, "Cargo.toml"),
    `[package]\nname = "fetch-unpatched"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n${CRATE} = "=${VERSION}"\n`,
  );
  writeFileSync(join(dir, "src", "lib.rs"), "");
  // `cargo metadata` resolves and unpacks every dependency's source into the registry.
  execFileSync("cargo", ["metadata", "--format-version", "1", "--manifest-path", join(dir, "Cargo.toml")], { stdio: ["ignore", "ignore", 2] });
}

function preparePatchedCopy(source) {
  const stamp = join(PATCHED, ".patched-from");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === source) return;
  rmSync(PATCHED, { recursive: true, force: true });
  cpSync(source, PATCHED, { recursive: true });
  for (const [file, from, to] of VISIBILITY_PATCH) {
    const path = join(PATCHED, file);
    const text = readFileSync(path, "utf8");
    const count = text.split(from).length - 1;
    if (count !== 1) throw new Error(`visibility patch: expected exactly one ${JSON.stringify(from)} in ${file}, found ${count}`);
    writeFileSync(path, text.replace(from, to));
  }
  writeFileSync(stamp, source);
}

export function buildAnchor() {
  if (!hasCargo()) return { skipped: "cargo not found" };
  mkdirSync(TARGET, { recursive: true });
  let source = findRegistrySource();
  if (!source) {
    fetchCrate();
    source = findRegistrySource();
  }
  if (!source) return { skipped: `${CRATE} ${VERSION} not in cargo's registry after fetching` };
  preparePatchedCopy(source);
  execFileSync("cargo", ["build", "--release", "--manifest-path", join(HERE, "Cargo.toml")], {
    stdio: ["ignore", 2, 2],
    env: { ...process.env, CARGO_TARGET_DIR: TARGET },
  });
  return { binary: join(TARGET, "release", "hl-rust-anchor") };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(JSON.stringify(buildAnchor()));
  } catch (error) {
    console.log(JSON.stringify({ skipped: `build failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` }));
    process.exitCode = 1;
  }
}
