// Runs a CommonJS bundle through a V8 code cache (`<bundle>.v8cache`, written on the first run
// that has none), so a process spends its start running the bundle, not parsing and compiling
// it again: the crash test starts 42 runner processes. Node 22's module.enableCompileCache()
// does this for any module; Node 20 has only vm.Script's cachedData.
//   node cached-loader.mjs BUNDLE.cjs
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import process from "node:process";
import { Script } from "node:vm";

const file = resolve(process.argv[2]);
const cacheFile = `${file}.v8cache`;
const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
const script = new Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, ...(cachedData ? { cachedData } : {}) });
const bundle = { exports: {} };
script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(file), bundle, file, dirname(file));
// After the bundle's top level ran: the cache holds every function compiled so far.
if (!cachedData || script.cachedDataRejected) writeFileSync(cacheFile, script.createCachedData());
